import Foundation
import GRDB

/// The queries behind `pr`, `issue` and `prs`. Every one is a point lookup through an index —
/// `forge_items`' key, `forge_refs(repo, kind, number)`, `commit_refs_ref`, `commit_pulls_pull`,
/// `commit_refs`' and `commit_pulls`' keys by sha, `eventlog(type, source_id)` — so the cost grows
/// with what is shown, never with the history.
extension ForgeStore {
    /// One pull request or issue with its commits, in one read snapshot.
    func itemView(_ number: Int, asked: ItemError.Asked, context: ReferenceContext, host: String,
                  resolverRunning: Bool) throws -> ItemView {
        let outcome = try read { db -> Result<ItemView, ItemError> in
            try Self.itemView(db, number, asked: asked, context: context, host: host, running: resolverRunning)
        }
        return try outcome.get()
    }

    private static func itemView(_ db: Database, _ number: Int, asked: ItemError.Asked, context: ReferenceContext,
                                 host: String, running: Bool) throws -> Result<ItemView, ItemError> {
        let repo = (context.repo ?? "").lowercased()
        let wanted = asked == .pull ? "pull" : "issue"
        let backlogKind = asked == .pull ? context.backlogPullKind : context.backlogIssueKind
        let derived = try !DerivedTables.areMissing(db)
        let backlog = derived
            ? try Row.fetchOne(db.cachedStatement(sql: ItemSQL.backlogRow), arguments: [repo, backlogKind, number]) : nil
        let kinds = LinkColumns.itemKinds(backlogKind)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: ItemSQL.item),
                                         arguments: [host, repo, number, kinds.0, kinds.1, wanted]) else {
            let status: BacklogStatus? = backlog?["status"]
            let error: String? = backlog?["last_error"]
            switch status {
            case .notFound: return .failure(.notFound(asked, number, reason: error))
            case .failed: return .failure(.failed(asked, number, reason: error))
            case .some: return .failure(.pending(asked, number, resolverRunning: running))
            case nil:
                let attributed = try asked == .pull
                    && Bool.fetchOne(db.cachedStatement(sql: ItemSQL.anyAttributed), arguments: [repo, number]) ?? false
                return .failure(attributed ? .pending(asked, number, resolverRunning: running) : .unknown(asked, number))
            }
        }
        guard row["kind"] == wanted else { return .failure(.otherKind(asked, number)) }
        let link = ForgeLink(repo: repo, number: number, kind: asked == .pull ? .pull : .issue, relation: .mentions,
                             via: nil, status: .resolved, error: nil, item: summary(row), crossRepository: false)

        // Commits, strongest tie first: a later, weaker source never replaces an earlier one.
        var ties: [String: (relation: ReferenceRelation, via: ForgeLink.Via?)] = [:]
        var order: [String] = []
        func tie(_ sha: String, _ relation: ReferenceRelation, _ via: ForgeLink.Via?) {
            if let old = ties[sha], old.relation.strength >= relation.strength { return }
            if ties[sha] == nil { order.append(sha) }
            ties[sha] = (relation, via)
        }
        let messages = try backlog.map { backlog -> [Row] in
            try Row.fetchAll(db.cachedStatement(sql: ItemSQL.messageCommits),
                             arguments: [backlog["id"] as Int64])
        } ?? []
        for message in messages where asked == .pull ? message["relation"] == ReferenceRelation.mergedIn : true {
            let relation = ReferenceRelation(rawValue: message["relation"]) ?? .mentions
            tie(StoredID.hex(message, "sha"), relation, asked == .pull ? .message : nil)
        }
        if asked == .pull {
            for pulled in try Row.fetchAll(db.cachedStatement(sql: ItemSQL.attributedCommits), arguments: [repo, number]) {
                tie(StoredID.hex(pulled, "sha"), .mergedIn, ForgeLink.Via(rawValue: pulled["via"]) ?? .forge)
            }
            for message in messages where message["relation"] != "mergedIn" {
                tie(StoredID.hex(message, "sha"), ReferenceRelation(rawValue: message["relation"]) ?? .mentions, nil)
            }
        }
        var commits: [ItemCommit] = []
        var parents: [String: [String]] = [:]
        for sha in order {
            let (subject, time, seq, parentList) = try commitSubject(db, sha)
            let t = ties[sha]!
            commits.append(ItemCommit(sha: sha, subject: subject, relation: t.relation, via: t.via, pullRequest: nil,
                                      time: time, seq: seq))
            parents[sha] = parentList
        }
        commits = ItemCommit.dateOrder(commits, parents: parents)

        var closes: [ForgeLink] = []
        var pullRequests: [ForgeLink] = []
        if asked == .pull {
            var issues = LinkSet(context: context)
            if derived {
                for commit in commits where commit.relation == .mergedIn {
                    for ref in try Row.fetchAll(db.cachedStatement(sql: ItemSQL.closedByCommit), arguments: [StoredID.value(commit.sha)]) {
                        issues.add(repo: ref["repo"], backlogKind: ref["kind"], number: ref["number"], relation: .closes,
                                   pull: false, status: ref["status"], error: ref["last_error"])
                    }
                }
            }
            for closed in try Self.decodeCloses(db, row["closes"]) {
                let key = (closed.repo.lowercased(), context.backlogIssueKind)
                let ref = derived
                    ? try Row.fetchOne(db.cachedStatement(sql: ItemSQL.backlogStatus),
                                       arguments: [key.0, key.1, closed.number]) : nil
                issues.add(repo: key.0, backlogKind: key.1, number: closed.number, relation: .closes, pull: false,
                           status: ref?["status"] ?? BacklogStatus.pending, error: ref?["last_error"])
            }
            try issues.loadItems(PointLinkRows(db: db), host: host)
            closes = issues.sorted.filter { $0.kind == .issue }
        } else {
            var pulls = try PullCandidates(db, context: context)
            for commit in commits { try pulls.add(db, sha: commit.sha) }
            try pulls.load(db, host: host)
            for i in commits.indices { commits[i].pullRequest = pulls.pull(of: commits[i].sha)?.number }
            pullRequests = pulls.all
        }
        return .success(ItemView(link: link, body: row["body"], commits: commits, closes: closes,
                                 pullRequests: pullRequests, resolverRunning: running))
    }

    /// Subject, committer time, ingest order and parents of a stored commit (what
    /// `ItemCommit.dateOrder` orders by); an empty subject for one not stored.
    static func commitSubject(_ db: Database, _ sha: String) throws -> (String, Int64, Int64, [String]) {
        let row = try Row.fetchOne(db.cachedStatement(sql: ItemSQL.commitSubject),
                                   arguments: [CommitEvent.type, StoredID.value(sha)])
        let time = (row?[0] as Int64?) ?? 0
        let fields = (row?[2] as Data?).flatMap { $0.withUnsafeBytes { CommitPayloadReader.fields($0, committerTime: time) } }
        return (fields?.subject ?? "", time, (row?[1] as Int64?) ?? Int64.max, fields?.parents.map(\.hex) ?? [])
    }

    private static func summary(_ row: Row) -> ForgeItemSummary {
        let labels: String = row["labels"]
        return ForgeItemSummary(
            title: row["title"], state: row["state"], draft: row["draft"], author: row["author"],
            labels: (try? JSONDecoder().decode([String].self, from: Data(labels.utf8))) ?? [],
            url: row["url"], mergedAt: row["merged_at"], fetchedAt: row["fetched_at"])
    }

    /// `forge_items.closes`, read by SQLite: `JSONDecoder` would cost a scan of every protocol
    /// conformance in the static binary for a type `show` never decodes.
    static func decodeCloses(_ db: Database, _ json: String?) throws -> [ForgeItem.Link] {
        guard let json else { return [] }
        return try Row.fetchAll(db.cachedStatement(sql: ItemSQL.closesList), arguments: [json]).compactMap { row in
            guard let repo: String = row[0], let number: Int = row[1] else { return nil }
            return ForgeItem.Link(repo: repo, number: number)
        }
    }
}

/// The pull request each of a set of commits came from, as `show` ranks them: what the message says
/// (`mergedIn`), then local merge ancestry, then the forge's association; a message's `(#7)` that
/// turns out to be an issue is passed over for the next.
struct PullCandidates {
    private var links: LinkSet
    private var candidates: [String: [(repo: String, number: Int)]] = [:]
    private var loaded: [String: ForgeLink] = [:]
    private let pullKind: ReferenceKind
    private let context: ReferenceContext
    /// The derived tables are there (they are not while a damaged store is repaired).
    private let derived: Bool

    init(_ db: Database, context: ReferenceContext) throws {
        links = LinkSet(context: context)
        self.context = context
        pullKind = context.backlogPullKind
        derived = try !DerivedTables.areMissing(db)
    }

    /// - Parameter unstored: the references a commit's message makes, read from git, asked only for
    ///   a commit no ingest has stored yet (made since the last hook ran).
    mutating func add(_ db: Database, sha: String, unstored: ((String) -> [Reference])? = nil) throws {
        var found: [(String, Int)] = []
        if derived {
            for ref in try Row.fetchAll(db.cachedStatement(sql: ItemSQL.mergedInByMessage), arguments: [StoredID.value(sha)]) {
                links.add(repo: ref["repo"], backlogKind: ref["kind"], number: ref["number"], relation: .mergedIn,
                          pull: true, status: ref["status"], error: ref["last_error"], via: .message)
                found.append((ref["repo"], ref["number"]))
            }
        }
        for row in try Row.fetchAll(db.cachedStatement(sql: ItemSQL.pullsOfCommit), arguments: [pullKind, StoredID.value(sha)]) {
            let repo: String = row["repo"], number: Int = row["number"]
            if !found.contains(where: { $0 == (repo, number) }) {
                links.add(repo: repo, backlogKind: pullKind, number: number, relation: .mergedIn, pull: true,
                          status: row["status"] ?? BacklogStatus.pending, error: row["last_error"],
                          via: ForgeLink.Via(rawValue: row["via"]) ?? .forge)
            }
            found.append((repo, number))
        }
        if found.isEmpty, derived, let unstored,
           try Bool.fetchOne(db.cachedStatement(sql: ItemSQL.isStored), arguments: [CommitEvent.type, StoredID.value(sha)]) != true {
            for ref in unstored(sha) where ref.relation == .mergedIn {
                let key = context.backlogKey(ref)
                let row = try Row.fetchOne(db.cachedStatement(sql: ItemSQL.backlogStatus),
                                           arguments: [key.repo, key.kind, ref.number])
                links.add(repo: key.repo, backlogKind: key.kind, number: ref.number, relation: .mergedIn, pull: true,
                          status: row?["status"] ?? BacklogStatus.pending, error: row?["last_error"], via: .message)
                found.append((key.repo, ref.number))
            }
        }
        candidates[sha] = found
    }

    mutating func load(_ db: Database, host: String?) throws {
        try links.loadItems(PointLinkRows(db: db), host: host)
        loaded = [:]
        for link in links.sorted { loaded[Self.key(link.repo, link.number)] = link }
    }

    /// The pull request `sha` came from, nil when none is known.
    func pull(of sha: String) -> ForgeLink? {
        for (repo, number) in candidates[sha] ?? [] {
            if let link = loaded[Self.key(repo, number)], link.kind == .pull { return link }
        }
        return nil
    }

    /// Every pull request some commit came from, in the order `show` sorts links.
    var all: [ForgeLink] {
        let chosen = Set(candidates.keys.compactMap { pull(of: $0).map { Self.key($0.repo, $0.number) } })
        return links.sorted.filter { chosen.contains(Self.key($0.repo, $0.number)) }
    }

    private static func key(_ repo: String, _ number: Int) -> String { "\(repo)#\(number)" }
}

extension ForgeStore {
    /// The pull requests a list of commits (a revision range, newest first) came from, each once,
    /// in the order of its newest commit, with the issues it closes; and the commits that came
    /// from none.
    /// - Parameter unstored: the references of a commit not ingested yet, from its message in git.
    func releaseNotes(_ shas: [String], context: ReferenceContext, host: String?,
                      unstored: @escaping (String) -> [Reference] = { _ in [] }) throws -> ReleaseNotes {
        try read { db in
            let derived = try !DerivedTables.areMissing(db)
            var pulls = try PullCandidates(db, context: context)
            for sha in shas { try pulls.add(db, sha: sha, unstored: unstored) }
            try pulls.load(db, host: host)
            var entries: [ReleaseNotes.Entry] = []
            var index: [String: Int] = [:]
            var others: [ItemCommit] = []
            for sha in shas {
                guard let pull = pulls.pull(of: sha) else {
                    let (subject, time, seq, _) = try Self.commitSubject(db, sha)
                    others.append(ItemCommit(sha: sha, subject: subject, relation: .mentions, via: nil,
                                             pullRequest: nil, time: time, seq: seq))
                    continue
                }
                let key = "\(pull.repo)#\(pull.number)"
                if let i = index[key] {
                    entries[i].commits.append(sha)
                } else {
                    index[key] = entries.count
                    entries.append(ReleaseNotes.Entry(pullRequest: pull, commits: [sha], closes: []))
                }
            }
            let forgeCloses = try db.cachedStatement(sql: ItemSQL.forgeCloses)
            let commitCloses = try derived ? db.makeStatement(sql: ItemSQL.closedByCommit) : nil
            let backlog = try derived ? db.makeStatement(sql: ItemSQL.backlogStatus) : nil
            // One set for every entry's issues, so their items are looked up once.
            var issues = LinkSet(context: context)
            var closedBy: [[String]] = Array(repeating: [], count: entries.count)
            func close(_ i: Int, repo: String, kind: ReferenceKind, number: Int, status: BacklogStatus, error: String?) {
                issues.add(repo: repo, backlogKind: kind, number: number, relation: .closes, pull: false,
                           status: status, error: error)
                let key = "\(repo)#\(number)"
                if !closedBy[i].contains(key) { closedBy[i].append(key) }
            }
            for i in entries.indices {
                for sha in entries[i].commits {
                    for ref in try commitCloses.map({ try Row.fetchAll($0, arguments: [StoredID.value(sha)]) }) ?? [] {
                        close(i, repo: ref["repo"], kind: ref["kind"], number: ref["number"], status: ref["status"],
                              error: ref["last_error"])
                    }
                }
                let pull = entries[i].pullRequest
                if let host, let json = try String.fetchOne(forgeCloses, arguments: [host, pull.repo, pull.number]) {
                    for closed in try Self.decodeCloses(db, json) {
                        let key = (closed.repo.lowercased(), context.backlogIssueKind)
                        let ref = try backlog.flatMap { try Row.fetchOne($0, arguments: [key.0, key.1, closed.number]) }
                        close(i, repo: key.0, kind: key.1, number: closed.number, status: ref?["status"] ?? BacklogStatus.pending,
                              error: ref?["last_error"])
                    }
                }
            }
            try issues.loadItems(PointLinkRows(db: db), host: host)
            var loaded: [String: ForgeLink] = [:]
            for link in issues.sorted where link.kind == .issue { loaded["\(link.repo)#\(link.number)"] = link }
            for i in entries.indices {
                entries[i].closes = closedBy[i].compactMap { loaded[$0] }.sorted {
                    ($0.crossRepository ? 1 : 0, $0.repo, $0.number) < ($1.crossRepository ? 1 : 0, $1.repo, $1.number)
                }
            }
            return ReleaseNotes(pullRequests: entries, commits: others, resolverRunning: false)
        }
    }
}

extension ForgeStore {
    /// The cached web URL of number `number` (on GitLab, of the merge request when `preferPull`,
    /// else of the issue; elsewhere whichever it is), nil when nothing is cached.
    func itemURL(_ number: Int, context: ReferenceContext, host: String, preferPull: Bool) throws -> String? {
        let kind = preferPull ? context.backlogPullKind : context.backlogIssueKind
        return try read { db in
            try String.fetchOne(db.cachedStatement(sql: ItemSQL.itemURL),
                                arguments: [host, (context.repo ?? "").lowercased(), number,
                                            LinkColumns.itemKinds(kind).0, LinkColumns.itemKinds(kind).1])
        }
    }
}

/// The statements, named so a test can hold each to its query plan (`EXPLAIN QUERY PLAN`: no scans).
enum ItemSQL {
    static let backlogRow = """
        SELECT id, status, last_error FROM forge_refs WHERE repo = ? AND kind = ? AND number = ?
        """
    static let item = """
        SELECT kind, title, state, draft, author, labels, url, merged_at, fetched_at, body, closes FROM forge_items
        WHERE host = ? AND repo = ? AND number = ? AND kind IN (?, ?) ORDER BY kind = ? DESC LIMIT 1
        """
    static let anyAttributed = """
        SELECT 1 FROM commit_pulls WHERE repo = ? AND number = ? LIMIT 1
        """
    static let attributedCommits = """
        SELECT sha, via FROM commit_pulls WHERE repo = ? AND number = ? ORDER BY via = \(ForgeLink.Via.merge.sql) DESC
        """
    static let messageCommits = """
        SELECT sha, relation FROM commit_refs WHERE ref_id = ?
        """
    static let closedByCommit = """
        SELECT r.repo, r.kind, r.number, r.status, r.last_error FROM commit_refs c
        JOIN forge_refs r ON r.id = c.ref_id WHERE c.sha = ? AND c.relation = \(ReferenceRelation.closes.sql)
        """
    static let mergedInByMessage = """
        SELECT r.repo, r.kind, r.number, r.status, r.last_error FROM commit_refs c
        JOIN forge_refs r ON r.id = c.ref_id WHERE c.sha = ? AND c.relation = \(ReferenceRelation.mergedIn.sql)
        """
    static let pullsOfCommit = """
        SELECT p.repo, p.number, p.via, r.status, r.last_error FROM commit_pulls p
        LEFT JOIN forge_refs r ON r.repo = p.repo AND r.number = p.number AND r.kind = ?
        WHERE p.sha = ? ORDER BY p.via = \(ForgeLink.Via.merge.sql) DESC
        """
    static let commitSubject = """
        SELECT timestamp, seq, payload FROM eventlog WHERE type = ? AND source_id = ?
        """
    static let forgeCloses = """
        SELECT closes FROM forge_items WHERE host = ? AND repo = ? AND number = ? AND kind = 'pull'
        """
    static let itemURL = """
        SELECT url FROM forge_items WHERE host = ? AND repo = ? AND number = ? AND kind IN (?, ?) LIMIT 1
        """
    static let isStored = """
        SELECT 1 FROM eventlog WHERE type = ? AND source_id = ?
        """
    static let backlogStatus = """
        SELECT status, last_error FROM forge_refs WHERE repo = ? AND kind = ? AND number = ?
        """

    /// The `closes` array of an item (a table-valued function over one value: not in `all`).
    static let closesList = """
        SELECT value ->> '$.repo', value ->> '$.number' FROM json_each(CASE WHEN json_valid(?1) THEN ?1 ELSE '[]' END)
        """

    /// The cached item for a backlog key, as `PointLinkRows` asks it (fewer columns here). `kind
    /// IN (?, ?)` rather than `(? = 'any' OR kind = ?)`: with the latter SQLite searches the key
    /// on `(host, repo)` only and reads every item of the repository, bodies included, for each link.
    static let linkItem = """
        SELECT kind, title, state, draft, author, labels, url, merged_at, fetched_at FROM forge_items
        WHERE host = ? AND repo = ? AND number = ? AND kind IN (?, ?)
        ORDER BY kind = 'pull' DESC LIMIT 1
        """

    static let all = [linkItem, backlogRow, item, anyAttributed, attributedCommits, messageCommits, closedByCommit,
                      mergedInByMessage, pullsOfCommit, commitSubject, forgeCloses, itemURL, isStored, backlogStatus]
}
