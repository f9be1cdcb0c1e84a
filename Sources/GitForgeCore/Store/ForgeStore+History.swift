import Foundation
import GRDB

/// A reference a commit's message makes, with its backlog state (`commit_refs` → `forge_refs`).
struct MessageRefRow {
    var repo: String
    /// The backlog's kind: `any`, `pull` or `issue`.
    var kind: String
    var number: Int
    var status: String
    var lastError: String?
    var relation: String
    /// What the message itself said (`pull` for `!12` or a pull request URL).
    var said: String
}

/// A pull request merge ancestry or the forge ties a commit to (`commit_pulls`), with the
/// backlog state of that pull request when it is queued.
struct PullRow {
    var repo: String
    var number: Int
    var via: String
    var status: String?
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
    func pulls(_ sha: String, pullKind: String) throws -> [PullRow]
    /// The backlog status of a reference no stored commit has linked yet.
    func backlog(repo: String, kind: String, number: Int) throws -> (status: String, error: String?)?
    /// The cached item on `host`: with kind `any`, a pull request before an issue of that number.
    func item(host: String, repo: String, number: Int, kind: String) throws -> ItemRow?
}

extension LinkRows {
    static func summary(_ row: Row) -> ItemRow {
        let labels: String = row["labels"]
        return ItemRow(kind: row["kind"], summary: ForgeItemSummary(
            title: row["title"], state: row["state"], draft: row["draft"], author: row["author"],
            labels: (try? JSONDecoder().decode([String].self, from: Data(labels.utf8))) ?? [],
            url: row["url"], mergedAt: row["merged_at"], fetchedAt: row["fetched_at"]))
    }
}

/// One query per question, on statements prepared once per connection.
struct PointLinkRows: LinkRows {
    let db: Database

    func isIngested(_ sha: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM eventlog WHERE type = ? AND source_id = ?"),
                          arguments: [CommitEvent.type, sha]) ?? false
    }

    func messageRefs(_ sha: String) throws -> [MessageRefRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.repo, r.kind, r.number, r.status, r.last_error, c.relation, c.kind AS said
            FROM commit_refs c JOIN forge_refs r ON r.id = c.ref_id WHERE c.sha = ?
            """), arguments: [sha]).map(Self.messageRef)
    }

    static func messageRef(_ row: Row) -> MessageRefRow {
        MessageRefRow(repo: row["repo"], kind: row["kind"], number: row["number"], status: row["status"],
                      lastError: row["last_error"], relation: row["relation"], said: row["said"])
    }

    func pulls(_ sha: String, pullKind: String) throws -> [PullRow] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT p.repo, p.number, p.via, r.status, r.last_error FROM commit_pulls p
            LEFT JOIN forge_refs r ON r.repo = p.repo AND r.number = p.number AND r.kind = ?
            WHERE p.sha = ? ORDER BY p.via = 'merge' DESC
            """), arguments: [pullKind, sha]).map(Self.pull)
    }

    static func pull(_ row: Row) -> PullRow {
        PullRow(repo: row["repo"], number: row["number"], via: row["via"], status: row["status"],
                lastError: row["last_error"])
    }

    func backlog(repo: String, kind: String, number: Int) throws -> (status: String, error: String?)? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT status, last_error FROM forge_refs WHERE repo = ? AND kind = ? AND number = ?
            """), arguments: [repo, kind, number]).map { ($0["status"], $0["last_error"]) }
    }

    func item(host: String, repo: String, number: Int, kind: String) throws -> ItemRow? {
        try Row.fetchOne(db.cachedStatement(sql: """
            SELECT kind, title, state, draft, author, labels, url, merged_at, fetched_at FROM forge_items
            WHERE host = ? AND repo = ? AND number = ? AND (? = 'any' OR kind = ?)
            ORDER BY kind = 'pull' DESC LIMIT 1
            """), arguments: [host, repo, number, kind, kind]).map(Self.summary)
    }
}

/// No store yet (nothing ingested, and a read-only command creates none): every commit is read
/// from git and its message parsed, and every reference is pending.
struct NoStoreLinkRows: LinkRows {
    func isIngested(_ sha: String) throws -> Bool { false }
    func messageRefs(_ sha: String) throws -> [MessageRefRow] { [] }
    func pulls(_ sha: String, pullKind: String) throws -> [PullRow] { [] }
    func backlog(repo: String, kind: String, number: Int) throws -> (status: String, error: String?)? { nil }
    func item(host: String, repo: String, number: Int, kind: String) throws -> ItemRow? { nil }
}

/// `commit_refs`, `commit_pulls` and the cached items read in one pass each, for a walk over
/// much of the history: ~3 table scans instead of ~4 queries per commit.
final class TableLinkRows: LinkRows {
    private let db: Database
    // Keyed by binary id: hashing and comparing 40-character strings was a tenth of a whole
    // history's `log`.
    private var ingested = Set<ObjectID>()
    private var refs: [ObjectID: [MessageRefRow]] = [:]
    private var pullsBySha: [ObjectID: [PullRow]] = [:]
    private let pullKind: String
    private var items: [String: [ItemRow]] = [:]
    private let host: String?

    init(_ db: Database, pullKind: String, host: String?, repo: String?) throws {
        self.db = db
        self.pullKind = pullKind
        self.host = host
        // Raw statements and interned values: GRDB's `Row` and a new string per column made this
        // cost more than the walk (~100,000 rows for 25,000 commits).
        let repos = repo.map { [$0] } ?? []
        let kinds = ["any", "pull", "issue"], statuses = ["pending", "resolved", "notFound", "failed"]
        let events = try BoundStatement(db, sql: "SELECT source_id FROM eventlog WHERE type = ?")
        try events.bind(1, CommitEvent.type)
        while try events.step() { if let sha = events.objectID(column: 0) { ingested.insert(sha) } }
        if try !DerivedTables.areMissing(db) {
            let rows = try BoundStatement(db, sql: """
                SELECT c.sha, r.repo, r.kind, r.number, r.status, r.last_error, c.relation, c.kind
                FROM commit_refs c JOIN forge_refs r ON r.id = c.ref_id
                """)
            while try rows.step() {
                guard let sha = rows.objectID(column: 0) else { continue }
                refs[sha, default: []].append(MessageRefRow(
                    repo: rows.string(column: 1, known: repos) ?? "", kind: rows.string(column: 2, known: kinds) ?? "any",
                    number: Int(rows.int64(column: 3)), status: rows.string(column: 4, known: statuses) ?? "pending",
                    lastError: rows.string(column: 5), relation: rows.string(column: 6, known: ["mergedIn", "closes", "mentions"]) ?? "",
                    said: rows.string(column: 7, known: kinds) ?? ""))
            }
        }
        let pulls = try BoundStatement(db, sql: """
            SELECT p.sha, p.repo, p.number, p.via, r.status, r.last_error FROM commit_pulls p
            LEFT JOIN forge_refs r ON r.repo = p.repo AND r.number = p.number AND r.kind = ?
            ORDER BY p.sha, p.via = 'merge' DESC
            """)
        try pulls.bind(1, pullKind)
        while try pulls.step() {
            guard let sha = pulls.objectID(column: 0) else { continue }
            pullsBySha[sha, default: []].append(PullRow(
                repo: pulls.string(column: 1, known: repos) ?? "", number: Int(pulls.int64(column: 2)),
                via: pulls.string(column: 3, known: ["merge", "forge"]) ?? "forge",
                status: pulls.string(column: 4, known: statuses), lastError: pulls.string(column: 5)))
        }
        if let host {
            // Labels split by SQLite (JSONDecoder per item cost ~10 µs: seconds over a store
            // with every item of a large project cached); U+001F cannot be typed in a label.
            let rows = try BoundStatement(db, sql: """
                SELECT repo, number, kind, title, state, draft, author,
                       CASE WHEN json_valid(labels) THEN
                         (SELECT group_concat(value, char(31)) FROM json_each(labels) WHERE type = 'text') END,
                       url, merged_at, fetched_at
                FROM forge_items WHERE host = ? ORDER BY kind = 'pull' DESC
                """)
            try rows.bind(1, host)
            while try rows.step() {
                let labels = rows.string(column: 7).map { $0.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init) } ?? []
                let item = ItemRow(kind: rows.string(column: 2, known: ["pull", "issue"]) ?? "issue", summary: ForgeItemSummary(
                    title: rows.string(column: 3) ?? "", state: rows.string(column: 4, known: ["open", "closed", "merged"]) ?? "",
                    draft: rows.int64(column: 5) != 0, author: rows.string(column: 6), labels: labels,
                    url: rows.string(column: 8) ?? "", mergedAt: rows.string(column: 9), fetchedAt: rows.int64(column: 10)))
                items[Self.key(rows.string(column: 0, known: repos) ?? "", Int(rows.int64(column: 1))), default: []].append(item)
            }
        }
    }

    private static func key(_ repo: String, _ number: Int) -> String { "\(number) \(repo)" }

    /// The same commit is asked about three times in a row: its id is parsed once.
    private var last: (sha: String, id: ObjectID?) = ("", nil)
    private func id(_ sha: String) -> ObjectID? {
        if sha != last.sha { last = (sha, ObjectID(hex: sha)) }
        return last.id
    }

    func isIngested(_ sha: String) throws -> Bool { id(sha).map { ingested.contains($0) } ?? false }
    func messageRefs(_ sha: String) throws -> [MessageRefRow] { id(sha).flatMap { refs[$0] } ?? [] }

    func pulls(_ sha: String, pullKind: String) throws -> [PullRow] {
        guard pullKind == self.pullKind else { return try PointLinkRows(db: db).pulls(sha, pullKind: pullKind) }
        return id(sha).flatMap { pullsBySha[$0] } ?? []
    }

    func backlog(repo: String, kind: String, number: Int) throws -> (status: String, error: String?)? {
        try PointLinkRows(db: db).backlog(repo: repo, kind: kind, number: number)
    }

    func item(host: String, repo: String, number: Int, kind: String) throws -> ItemRow? {
        guard host == self.host else { return try PointLinkRows(db: db).item(host: host, repo: repo, number: number, kind: kind) }
        return items[Self.key(repo, number)]?.first { kind == "any" || $0.kind == kind }
    }
}
