import Foundation
import GRDB

/// A reference a commit's message makes, with its backlog state (`commit_refs` → `forge_refs`).
struct MessageRefRow {
    var repo: String
    /// The backlog's kind: `any`, `pull` or `issue`.
    var kind: ReferenceKind
    var number: Int
    var status: BacklogStatus
    var lastError: String?
    var relation: ReferenceRelation
    /// What the message itself said (`pull` for `!12` or a pull request URL).
    var said: ReferenceKind
}

/// A pull request merge ancestry or the forge ties a commit to (`commit_pulls`), with the
/// backlog state of that pull request when it is queued.
struct PullRow {
    var repo: String
    var number: Int
    var via: ForgeLink.Via
    var status: BacklogStatus?
    var lastError: String?
}

/// A cached forge item (`forge_items`) as `show` prints it.
struct ItemRow {
    var kind: String
    var summary: ForgeItemSummary
}

/// Where `LinkSet` reads a commit's links from: point queries for one commit (`show`, a short
/// `log`), or whole tables read once for a long walk, where a query per commit would cost more
/// than `git log` itself.
protocol LinkRows {
    /// Whether the commit's event is stored (else its message is parsed afresh).
    func isIngested(_ sha: String) throws -> Bool
    func messageRefs(_ sha: String) throws -> [MessageRefRow]
    /// Merge-ancestry rows first, then the forge's.
    func pulls(_ sha: String, pullKind: ReferenceKind) throws -> [PullRow]
    /// The backlog status of a reference no stored commit has linked yet.
    func backlog(repo: String, kind: ReferenceKind, number: Int) throws -> (status: BacklogStatus, error: String?)?
    /// The cached item on `host`: with kind `any`, a pull request before an issue of that number.
    func item(host: String, repo: String, number: Int, kind: ReferenceKind) throws -> ItemRow?
    /// What the forge said when asked which pull request the commit belongs to (`forge_commit_checks`),
    /// nil when it was not asked.
    func pullRequestCheck(_ sha: String) throws -> PullRequestCheck?
}

/// Column values read in place from a `BoundStatement` row, shared by both readers.
enum LinkColumns {
    static let kinds = ReferenceKind.allCases.map { $0.rawValue }
    static let statuses = BacklogStatus.allCases.map { $0.rawValue }
    static let relations = ReferenceRelation.allCases.map { $0.rawValue }
    static let vias = [ForgeLink.Via.merge.rawValue, ForgeLink.Via.forge.rawValue]
    static let answers = PullRequestCheck.Answer.allCases.map { $0.rawValue }

    /// `forge_items` columns as `itemColumns` selects them, from `first` on.
    static let itemColumns = """
        kind, title, state, draft, author,
        CASE WHEN json_valid(labels) THEN
          (SELECT group_concat(value, char(31)) FROM json_each(labels) WHERE type = 'text') END,
        url, merged_at, fetched_at
        """

    /// The same columns with only what `log`'s lines show (the kind and title; the state and
    /// flags are small): a whole history's items without their labels, authors and URLs.
    static let titleColumns = "kind, title, state, draft, NULL, NULL, '', NULL, fetched_at"

    /// Labels are split by SQLite: a JSONDecoder per item cost ~10 µs (seconds over a store with a
    /// large project's items cached) and its first use scans the runtime's conformances. U+001F
    /// cannot be typed in a label.
    static func item(_ row: BoundStatement, from first: Int32) -> ItemRow {
        let labels = row.string(column: first + 5)
            .map { $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init) } ?? []
        return ItemRow(kind: row.string(column: first, known: ["pull", "issue"]) ?? "issue", summary: ForgeItemSummary(
            title: row.string(column: first + 1) ?? "",
            state: row.string(column: first + 2, known: ["open", "closed", "merged"]) ?? "",
            draft: row.int64(column: first + 3) != 0, author: row.string(column: first + 4), labels: labels,
            url: row.string(column: first + 6) ?? "", mergedAt: row.string(column: first + 7),
            fetchedAt: row.int64(column: first + 8)))
    }

    /// `repo, kind, number, status, last_error, relation, said`, from `first` on.
    static func messageRef(_ row: BoundStatement, from first: Int32, repos: [String]) -> MessageRefRow {
        MessageRefRow(
            repo: row.string(column: first, known: repos) ?? "",
            kind: row.string(column: first + 1, known: kinds).flatMap(ReferenceKind.init(rawValue:)) ?? .any,
            number: Int(row.int64(column: first + 2)),
            status: row.string(column: first + 3, known: statuses).flatMap(BacklogStatus.init(rawValue:)) ?? .pending,
            lastError: row.string(column: first + 4),
            relation: row.string(column: first + 5, known: relations).flatMap(ReferenceRelation.init(rawValue:)) ?? .mentions,
            said: row.string(column: first + 6, known: kinds).flatMap(ReferenceKind.init(rawValue:)) ?? .any)
    }

    /// `repo, number, via, status, last_error`, from `first` on.
    static func pull(_ row: BoundStatement, from first: Int32, repos: [String]) -> PullRow {
        PullRow(repo: row.string(column: first, known: repos) ?? "", number: Int(row.int64(column: first + 1)),
                via: row.string(column: first + 2, known: vias).flatMap(ForgeLink.Via.init(rawValue:)) ?? .forge,
                status: row.string(column: first + 3, known: statuses).flatMap(BacklogStatus.init(rawValue:)),
                lastError: row.string(column: first + 4))
    }

    /// `status, checked_at`, from `first` on.
    static func check(_ row: BoundStatement, from first: Int32) -> PullRequestCheck? {
        guard let answer = row.string(column: first, known: answers).flatMap(PullRequestCheck.Answer.init(rawValue:))
        else { return nil }
        return PullRequestCheck(answer: answer, checkedAt: row.int64(column: first + 1))
    }

    /// The item kinds a backlog kind can be answered by (`any`: either, a pull request first),
    /// each searched on the whole key: with `(? = 'any' OR kind = ?)` SQLite searches
    /// `(host, repo)` only and reads every item of the repository, bodies included.
    static func itemKinds(_ backlogKind: ReferenceKind) -> (String, String) {
        backlogKind == .any ? ("pull", "issue") : (backlogKind.rawValue, backlogKind.rawValue)
    }
}

/// One query per question, on statements prepared once and driven through SQLite's C API (GRDB's
/// `Row` costs more than the lookup itself, a hundred commits at a time).
final class PointLinkRows: LinkRows {
    private let ingested, refs, pullRows: BoundStatement
    /// Prepared on first use: a commit not ingested, a linked item and `--json`'s check are not
    /// asked about on every run, and a prepare costs about as much as a lookup.
    private var backlogRow, itemRow, checkRow: BoundStatement?
    private let db: Database
    private let repos: [String]
    private let itemColumns: String

    /// - Parameter titlesOnly: items with their kind and title only (`LinkColumns.titleColumns`).
    init(db: Database, repo: String? = nil, titlesOnly: Bool = false) throws {
        self.db = db
        repos = repo.map { [$0] } ?? []
        itemColumns = titlesOnly ? LinkColumns.titleColumns : LinkColumns.itemColumns
        ingested = try BoundStatement(db, sql: "SELECT 1 FROM eventlog WHERE type = ? AND source_id = ?")
        try ingested.bind(1, CommitEvent.type)
        refs = try BoundStatement(db, sql: """
            SELECT r.repo, r.kind, r.number, r.status, r.last_error, c.relation, c.kind
            FROM commit_refs c JOIN forge_refs r ON r.id = c.ref_id WHERE c.sha = ?
            """)
        pullRows = try BoundStatement(db, sql: """
            SELECT p.repo, p.number, p.via, r.status, r.last_error FROM commit_pulls p
            LEFT JOIN forge_refs r ON r.repo = p.repo AND r.number = p.number AND r.kind = ?
            WHERE p.sha = ? ORDER BY p.via = \(ForgeLink.Via.merge.sql) DESC
            """)
    }

    private func prepared(_ slot: inout BoundStatement?, _ sql: @autoclosure () -> String) throws -> BoundStatement {
        if let statement = slot { return statement }
        let statement = try BoundStatement(db, sql: sql())
        slot = statement
        return statement
    }

    func isIngested(_ sha: String) throws -> Bool {
        ingested.reset()
        try ingested.bind(2, hexID: sha)
        return try ingested.step()
    }

    func messageRefs(_ sha: String) throws -> [MessageRefRow] {
        refs.reset()
        try refs.bind(1, hexID: sha)
        var out: [MessageRefRow] = []
        while try refs.step() { out.append(LinkColumns.messageRef(refs, from: 0, repos: repos)) }
        return out
    }

    func pulls(_ sha: String, pullKind: ReferenceKind) throws -> [PullRow] {
        pullRows.reset()
        try pullRows.bind(1, pullKind.rawValue)
        try pullRows.bind(2, hexID: sha)
        var out: [PullRow] = []
        while try pullRows.step() { out.append(LinkColumns.pull(pullRows, from: 0, repos: repos)) }
        return out
    }

    func backlog(repo: String, kind: ReferenceKind, number: Int) throws -> (status: BacklogStatus, error: String?)? {
        let backlogRow = try prepared(&self.backlogRow, "SELECT status, last_error FROM forge_refs WHERE repo = ? AND kind = ? AND number = ?")
        backlogRow.reset()
        try backlogRow.bind(1, repo)
        try backlogRow.bind(2, kind.rawValue)
        try backlogRow.bind(3, Int64(number))
        guard try backlogRow.step() else { return nil }
        let status = backlogRow.string(column: 0, known: LinkColumns.statuses).flatMap(BacklogStatus.init(rawValue:))
        return (status ?? .pending, backlogRow.string(column: 1))
    }

    func item(host: String, repo: String, number: Int, kind: ReferenceKind) throws -> ItemRow? {
        // One primary-key search per kind, the first that finds it wins: `kind IN (?, ?) ORDER
        // BY kind = 'pull' DESC` built a temporary B-tree for every lookup (~40% of its cost).
        let itemRow = try prepared(&self.itemRow, """
            SELECT \(itemColumns) FROM forge_items WHERE host = ?1 AND repo = ?2 AND number = ?3 AND kind = ?4
            UNION ALL SELECT \(itemColumns) FROM forge_items WHERE host = ?1 AND repo = ?2 AND number = ?3 AND kind = ?5
            LIMIT 1
            """)
        let kinds = LinkColumns.itemKinds(kind)
        itemRow.reset()
        try itemRow.bind(1, host)
        try itemRow.bind(2, repo)
        try itemRow.bind(3, Int64(number))
        try itemRow.bind(4, kinds.0)
        try itemRow.bind(5, kinds.1)
        guard try itemRow.step() else { return nil }
        return LinkColumns.item(itemRow, from: 0)
    }

    func pullRequestCheck(_ sha: String) throws -> PullRequestCheck? {
        let checkRow = try prepared(&self.checkRow, "SELECT status, checked_at FROM forge_commit_checks WHERE sha = ?")
        checkRow.reset()
        try checkRow.bind(1, hexID: sha)
        guard try checkRow.step() else { return nil }
        return LinkColumns.check(checkRow, from: 0)
    }
}

/// No store yet (nothing ingested, and a read-only command creates none): every commit is read
/// from git and its message parsed, and every reference is pending.
struct NoStoreLinkRows: LinkRows {
    func isIngested(_ sha: String) throws -> Bool { false }
    func messageRefs(_ sha: String) throws -> [MessageRefRow] { [] }
    func pulls(_ sha: String, pullKind: ReferenceKind) throws -> [PullRow] { [] }
    func backlog(repo: String, kind: ReferenceKind, number: Int) throws -> (status: BacklogStatus, error: String?)? { nil }
    func item(host: String, repo: String, number: Int, kind: ReferenceKind) throws -> ItemRow? { nil }
    func pullRequestCheck(_ sha: String) throws -> PullRequestCheck? { nil }
}

/// `commit_refs`, `commit_pulls` and the cached items read in one pass each, for a walk over
/// much of the history: ~3 table scans instead of ~4 queries per commit.
final class TableLinkRows: LinkRows {
    // Keyed by binary id: hashing and comparing 40-character strings was a tenth of a whole
    // history's `log`.
    private var ingested = Set<ObjectID>()
    private var refs: [ObjectID: [MessageRefRow]] = [:]
    private var pullsBySha: [ObjectID: [PullRow]] = [:]
    private let pullKind: ReferenceKind
    private var items: [ItemKey: [ItemRow]] = [:]
    /// Nil when not read whole (only `--json` shows them): asked per commit.
    private var checks: [ObjectID: PullRequestCheck]?
    private let host: String?
    private let repo: String?
    /// For the few questions the tables read whole do not answer.
    private let point: PointLinkRows

    /// - Parameters:
    ///   - titlesOnly: items with their kind and title only (`titleColumns`).
    ///   - checks: also read `forge_commit_checks` whole.
    init(_ db: Database, pullKind: ReferenceKind, host: String?, repo: String?, titlesOnly: Bool = false,
         checks: Bool = false) throws {
        self.pullKind = pullKind
        self.host = host
        self.repo = repo
        point = try PointLinkRows(db: db, repo: repo, titlesOnly: titlesOnly)
        // Raw statements and interned values: GRDB's `Row` and a new string per column made this
        // cost more than the walk (~100,000 rows for 25,000 commits).
        let repos = repo.map { [$0] } ?? []
        let events = try BoundStatement(db, sql: "SELECT source_id FROM eventlog WHERE type = ?")
        try events.bind(1, CommitEvent.type)
        while try events.step() { if let sha = events.objectID(column: 0) { ingested.insert(sha) } }
        if try !DerivedTables.areMissing(db) {
            let rows = try BoundStatement(db, sql: """
                SELECT c.sha, r.repo, r.kind, r.number, r.status, r.last_error, c.relation, c.kind
                FROM commit_refs c JOIN forge_refs r ON r.id = c.ref_id ORDER BY c.sha
                """)
            while try rows.step() {
                guard let sha = rows.objectID(column: 0) else { continue }
                refs[sha, default: []].append(LinkColumns.messageRef(rows, from: 1, repos: repos))
            }
        }
        let pulls = try BoundStatement(db, sql: """
            SELECT p.sha, p.repo, p.number, p.via, r.status, r.last_error FROM commit_pulls p
            LEFT JOIN forge_refs r ON r.repo = p.repo AND r.number = p.number AND r.kind = ?
            ORDER BY p.sha, p.via = \(ForgeLink.Via.merge.sql) DESC
            """)
        try pulls.bind(1, pullKind.rawValue)
        while try pulls.step() {
            guard let sha = pulls.objectID(column: 0) else { continue }
            pullsBySha[sha, default: []].append(LinkColumns.pull(pulls, from: 1, repos: repos))
        }
        if let host {
            let rows = try BoundStatement(db, sql: """
                SELECT repo, number, \(titlesOnly ? LinkColumns.titleColumns : LinkColumns.itemColumns)
                FROM forge_items WHERE host = ?
                """)
            try rows.bind(1, host)
            while try rows.step() {
                let key = ItemKey(repo: rows.string(column: 0, known: repos) ?? "", number: Int(rows.int64(column: 1)))
                items[key, default: []].append(LinkColumns.item(rows, from: 2))
            }
        }
        if checks {
            var read: [ObjectID: PullRequestCheck] = [:]
            let rows = try BoundStatement(db, sql: "SELECT sha, status, checked_at FROM forge_commit_checks")
            while try rows.step() {
                if let sha = rows.objectID(column: 0), let check = LinkColumns.check(rows, from: 1) { read[sha] = check }
            }
            self.checks = read
        }
    }

    /// Not a string formatted per lookup, one allocation per link.
    private struct ItemKey: Hashable {
        var repo: String
        var number: Int
    }

    /// The same commit is asked about three times in a row: its id is parsed once.
    private var last: (sha: String, id: ObjectID?) = ("", nil)
    private func id(_ sha: String) -> ObjectID? {
        if sha != last.sha { last = (sha, ObjectID(hex: sha)) }
        return last.id
    }

    func isIngested(_ sha: String) throws -> Bool { id(sha).map { ingested.contains($0) } ?? false }
    func messageRefs(_ sha: String) throws -> [MessageRefRow] { id(sha).flatMap { refs[$0] } ?? [] }

    func pulls(_ sha: String, pullKind: ReferenceKind) throws -> [PullRow] {
        guard pullKind == self.pullKind else { return try point.pulls(sha, pullKind: pullKind) }
        return id(sha).flatMap { pullsBySha[$0] } ?? []
    }

    func backlog(repo: String, kind: ReferenceKind, number: Int) throws -> (status: BacklogStatus, error: String?)? {
        try point.backlog(repo: repo, kind: kind, number: number)
    }

    func item(host: String, repo: String, number: Int, kind: ReferenceKind) throws -> ItemRow? {
        guard host == self.host else { return try point.item(host: host, repo: repo, number: number, kind: kind) }
        // A pull request before an issue of the same number, as the point query answers (picked
        // here rather than sorted by SQLite: sorting every item cost more than the pick).
        guard let rows = items[ItemKey(repo: repo, number: number)] else { return nil }
        let wanted = kind == .any ? "pull" : kind.rawValue
        return rows.first { $0.kind == wanted } ?? (kind == .any ? rows.first : nil)
    }

    func pullRequestCheck(_ sha: String) throws -> PullRequestCheck? {
        guard let checks else { return try point.pullRequestCheck(sha) }
        return id(sha).flatMap { checks[$0] }
    }
}
