import Foundation
import GRDB

/// The shared cache's reads and writes (docs/sharing.md): what `publish` exports, what an import
/// merges in, and the settling that lets the resolver skip every reference the cache answers.
extension ForgeStore {
    /// Everything this store learned from the forge on `host`, as shared records: cached items,
    /// numbers the forge did not know, and commit → pull request associations (`forge` rows and
    /// commits the forge tied to none). Commits the forge did not know yet are left out: that is
    /// about this clone's unpushed work, not the forge.
    public func sharedRecords(host: String, repo: String) throws(StoreError) -> [SharedRecord] {
        try read { db in
            var records: [SharedRecord] = []
            let items = try Row.fetchCursor(db, sql: """
                SELECT repo, kind, number, title, body, state, draft, author, labels, url, created_at, updated_at,
                       closed_at, merged_at, base_ref, head_ref, merge_commit_sha, approvals, closes, fetched_at
                FROM forge_items WHERE host = ?
                """, arguments: [host])
            while let row = try items.next() {
                guard let kind = ForgeItem.Kind(rawValue: row["kind"]), let state = ForgeItem.State(rawValue: row["state"]) else { continue }
                let labels = (try? JSONDecoder().decode([String].self, from: Data((row["labels"] as String).utf8))) ?? []
                let closes = (try? JSONDecoder().decode([ForgeItem.Link].self, from: Data((row["closes"] as String).utf8))) ?? []
                let item = ForgeItem(kind: kind, number: row["number"], title: row["title"], body: row["body"], state: state,
                                     draft: row["draft"], author: row["author"], labels: labels, url: row["url"],
                                     createdAt: row["created_at"], updatedAt: row["updated_at"], closedAt: row["closed_at"],
                                     mergedAt: row["merged_at"], baseRef: row["base_ref"], headRef: row["head_ref"],
                                     mergeCommitSHA: row["merge_commit_sha"], approvals: row["approvals"], closes: closes)
                records.append(.item(host: host, repo: row["repo"], item: item, fetchedAt: row["fetched_at"]))
            }
            var missing: [String: SharedRecord] = [:]
            let imported = try Row.fetchCursor(db, sql: "SELECT repo, kind, number, fetched_at FROM forge_missing WHERE host = ?",
                                               arguments: [host])
            while let row = try imported.next() {
                guard let kind = ReferenceKind(rawValue: row["kind"]) else { continue }
                let record = SharedRecord.missing(host: host, repo: row["repo"], kind: kind, number: row["number"],
                                                  fetchedAt: row["fetched_at"])
                missing[record.key] = record
            }
            if try !DerivedTables.areMissing(db) {
                let own = try Row.fetchCursor(db, sql: """
                    SELECT repo, kind, number, coalesce(resolved_at, 0) AS t FROM forge_refs WHERE status = 'notFound'
                    """)
                while let row = try own.next() {
                    guard let kind = ReferenceKind(rawValue: row["kind"]) else { continue }
                    let record = SharedRecord.missing(host: host, repo: row["repo"], kind: kind, number: row["number"],
                                                      fetchedAt: row["t"])
                    if let known = missing[record.key], known.fetchedAt >= record.fetchedAt { continue }
                    missing[record.key] = record
                }
            }
            records += missing.values
            let commits = try Row.fetchCursor(db, sql: """
                SELECT k.sha, k.status, k.checked_at, (SELECT min(p.number) FROM commit_pulls p
                    WHERE p.sha = k.sha AND p.via = 'forge' AND p.repo = ?) AS number
                FROM forge_commit_checks k WHERE k.status IN ('found', 'none')
                """, arguments: [repo])
            while let row = try commits.next() {
                let number: Int? = row["number"]
                if row["status"] == "found" && number == nil { continue }
                records.append(.commit(host: host, repo: repo, sha: row["sha"], pulls: number.map { [$0] } ?? [],
                                       fetchedAt: row["checked_at"]))
            }
            return records
        }
    }

    /// One line per commit that belongs to a resolved pull request, as `git log --notes=forge`
    /// shows it: `#123 Title · merged 2025-03-01 · URL`. The pull request is the one `show` picks:
    /// the message's, else merge ancestry's, else the forge's association.
    public func pullRequestNotes(host: String, repo: String, type: ForgeType) throws(StoreError) -> [(sha: String, text: String)] {
        try read { db in
            guard try !DerivedTables.areMissing(db) else { return [] }
            let rows = try Row.fetchCursor(db, sql: """
                SELECT a.sha, i.repo, i.number, i.title, i.state, i.draft, i.merged_at, i.closed_at, i.url FROM (
                    SELECT c.sha AS sha, r.repo AS repo, r.number AS number, 0 AS p
                    FROM commit_refs c JOIN forge_refs r ON r.id = c.ref_id WHERE c.relation = 'mergedIn'
                    UNION ALL
                    SELECT sha, repo, number, CASE via WHEN 'merge' THEN 1 ELSE 2 END FROM commit_pulls
                ) a JOIN forge_items i ON i.host = ? AND i.repo = a.repo AND i.number = a.number AND i.kind = 'pull'
                ORDER BY a.sha, a.p
                """, arguments: [host])
            var notes: [(sha: String, text: String)] = []
            let sigil = type == .gitlab ? "!" : "#"
            let home = repo.lowercased()
            while let row = try rows.next() {
                let sha: String = row["sha"]
                if notes.last?.sha == sha { continue }
                let itemRepo: String = row["repo"]
                let number: Int = row["number"]
                let state: String = row["state"]
                let when: String
                switch state {
                case "merged": when = ((row["merged_at"] as String?).map { "merged " + $0.prefix(10) }) ?? "merged"
                case "closed": when = ((row["closed_at"] as String?).map { "closed " + $0.prefix(10) }) ?? "closed"
                default: when = (row["draft"] as Bool) ? "draft" : "open"
                }
                let name = (itemRepo == home ? "" : itemRepo) + sigil + String(number)
                // Forge text is hostile and `git log` prints notes raw: no control character gets through.
                let title = TerminalText.neutralize(row["title"])
                notes.append((sha, "\(name) \(title) · \(when) · \(TerminalText.neutralize(row["url"]))\n"))
            }
            return notes
        }
    }

    /// What an import gives the store.
    public struct SharedImport: Sendable, Equatable {
        public var items = 0
        public var missing = 0
        public var commits = 0
        public var total: Int { items + missing + commits }
    }

    /// Merges `records` into the store, one transaction: an item replaces the cached one when it
    /// wins by the shared rule (final beats open, then the newer fetch); a "not found" and an
    /// association are kept with their fetch time. Then pending references the cache now answers
    /// are settled. Idempotent: the same records twice change nothing the second time.
    public func importShared(_ records: [SharedRecord], pullKind: ReferenceKind, freshAfter: Date,
                             now: Date = Date()) throws(StoreError) -> SharedImport {
        try write { db in
            var counts = SharedImport()
            let haveBacklog = try !DerivedTables.areMissing(db)
            for record in records {
                switch record {
                case let .item(host, repo, item, fetchedAt):
                    try Self.importItem(item, host: host, repo: repo, fetchedAt: fetchedAt, db: db)
                    counts.items += 1
                case let .missing(host, repo, kind, number, fetchedAt):
                    try db.execute(sql: """
                        INSERT INTO forge_missing(host, repo, kind, number, fetched_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(host, repo, kind, number) DO UPDATE SET fetched_at = excluded.fetched_at
                        WHERE excluded.fetched_at > fetched_at
                        """, arguments: [host, repo, kind.rawValue, number, fetchedAt])
                    counts.missing += 1
                case let .commit(_, repo, sha, pulls, fetchedAt):
                    try db.execute(sql: """
                        INSERT INTO forge_commit_checks(sha, status, checked_at) VALUES (?, ?, ?)
                        ON CONFLICT(sha) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at
                        WHERE status = 'unknown' OR excluded.checked_at > checked_at
                        """, arguments: [sha, pulls.isEmpty ? "none" : "found", fetchedAt])
                    if let number = pulls.first {
                        try db.execute(sql: "INSERT OR IGNORE INTO commit_pulls(sha, repo, number, via) VALUES (?, ?, ?, 'forge')",
                                       arguments: [sha, repo, number])
                        if haveBacklog {
                            // As the resolver queues an associated pull request (`saveAssociations`).
                            let time = try Int64.fetchOne(db, sql: "SELECT timestamp FROM eventlog WHERE type = 'git.commit' AND source_id = ?",
                                                          arguments: [sha]) ?? fetchedAt
                            try db.execute(sql: """
                                INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at) VALUES (?, ?, ?, ?, ?)
                                ON CONFLICT(repo, kind, number) DO NOTHING
                                """, arguments: [repo, pullKind.rawValue, number, sha, time])
                        }
                    }
                    counts.commits += 1
                }
            }
            if let host = records.first?.host { try Self.settleShared(db, host: host, freshAfter: freshAfter, now: now) }
            return counts
        }
    }

    /// Settles pending references the cache answers without asking the forge: an item that is
    /// final or fetched after `freshAfter` (older open ones are refreshed as usual), or a number
    /// the shared cache says the forge does not know.
    @discardableResult
    func settleFromShared(host: String, freshAfter: Date, now: Date = Date()) throws(StoreError) -> Int {
        try write { db in try Self.settleShared(db, host: host, freshAfter: freshAfter, now: now) }
    }

    @discardableResult
    private static func settleShared(_ db: Database, host: String, freshAfter: Date, now: Date) throws -> Int {
        guard try !DerivedTables.areMissing(db) else { return 0 }
        let stamp = Int64(now.timeIntervalSince1970)
        try db.execute(sql: """
            UPDATE forge_refs SET status = 'resolved', resolved_at = coalesce(resolved_at, ?), last_error = NULL
            WHERE status = 'pending' AND EXISTS (
                SELECT 1 FROM forge_items i WHERE i.host = ? AND i.repo = forge_refs.repo
                AND i.number = forge_refs.number AND (forge_refs.kind = 'any' OR forge_refs.kind = i.kind)
                AND (i.state != 'open' OR i.fetched_at >= ?))
            """, arguments: [stamp, host, Int64(freshAfter.timeIntervalSince1970)])
        var changed = db.changesCount
        try db.execute(sql: """
            UPDATE forge_refs SET status = 'notFound', resolved_at = ?, last_error = 'not found (shared cache)'
            WHERE status = 'pending' AND EXISTS (
                SELECT 1 FROM forge_missing m WHERE m.host = ? AND m.repo = forge_refs.repo
                AND m.kind = forge_refs.kind AND m.number = forge_refs.number)
            AND NOT EXISTS (
                SELECT 1 FROM forge_items i WHERE i.host = ? AND i.repo = forge_refs.repo
                AND i.number = forge_refs.number AND (forge_refs.kind = 'any' OR forge_refs.kind = i.kind))
            """, arguments: [stamp, host, host])
        changed += db.changesCount
        return changed
    }

    private static func importItem(_ item: ForgeItem, host: String, repo: String, fetchedAt: Int64, db: Database) throws {
        let closes = String(decoding: (try? JSONEncoder().encode(item.closes)) ?? Data("[]".utf8), as: UTF8.self)
        let labels = String(decoding: (try? JSONEncoder().encode(item.labels)) ?? Data("[]".utf8), as: UTF8.self)
        // The shared rule: a final item is never replaced by an open copy; otherwise the newer
        // fetch wins. The ETag is this clone's own (a forge may tie it to the token): dropped.
        try db.execute(sql: """
            INSERT INTO forge_items(host, repo, kind, number, title, body, state, draft, author, labels, url,
                created_at, updated_at, closed_at, merged_at, base_ref, head_ref, merge_commit_sha, approvals,
                closes, etag, fetched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            ON CONFLICT(host, repo, kind, number) DO UPDATE SET title = excluded.title, body = excluded.body,
                state = excluded.state, draft = excluded.draft, author = excluded.author, labels = excluded.labels,
                url = excluded.url, created_at = excluded.created_at, updated_at = excluded.updated_at,
                closed_at = excluded.closed_at, merged_at = excluded.merged_at, base_ref = excluded.base_ref,
                head_ref = excluded.head_ref, merge_commit_sha = excluded.merge_commit_sha,
                approvals = excluded.approvals, closes = excluded.closes, etag = NULL,
                fetched_at = excluded.fetched_at
            WHERE (state = 'open' AND excluded.state != 'open')
               OR ((state = 'open') = (excluded.state = 'open') AND excluded.fetched_at > fetched_at)
            """, arguments: [host, repo, item.kind.rawValue, item.number, item.title, item.body, item.state.rawValue,
                             item.draft, item.author, labels, item.url, item.createdAt, item.updatedAt, item.closedAt,
                             item.mergedAt, item.baseRef, item.headRef, item.mergeCommitSHA, item.approvals, closes,
                             fetchedAt])
    }

    /// Repositories the backlog names: items of these (besides the forge's own) are imported.
    public func backlogRepositories() throws(StoreError) -> Set<String> {
        try read { db in
            guard try !DerivedTables.areMissing(db) else { return [] }
            return Set(try String.fetchAll(db, sql: "SELECT DISTINCT repo FROM forge_refs"))
        }
    }

    /// The shared-cache state kept in `meta` (`shared.*`), for the hot-path check and `status`.
    public func sharedState() throws(StoreError) -> SharedState {
        try read { db in
            SharedState(ref: try Self.meta(db, "shared.ref"), imported: try Self.meta(db, "shared.imported"),
                        importedAt: try Self.meta(db, "shared.importedAt").flatMap(Int64.init),
                        records: try Self.meta(db, "shared.records").flatMap(Int.init) ?? 0,
                        skipped: try Self.meta(db, "shared.skipped").flatMap(Int.init) ?? 0)
        }
    }

    public func setSharedState(_ state: SharedState) throws(StoreError) {
        try write { db in
            try Self.setMeta(db, "shared.ref", state.ref ?? "")
            try Self.setMeta(db, "shared.imported", state.imported ?? "")
            try Self.setMeta(db, "shared.importedAt", state.importedAt.map(String.init) ?? "")
            try Self.setMeta(db, "shared.records", String(state.records))
            try Self.setMeta(db, "shared.skipped", String(state.skipped))
        }
    }
}

/// What was last imported from the shared cache.
public struct SharedState: Sendable, Equatable {
    /// The remote-tracking ref read, e.g. `refs/notes/remotes/origin/forge-cache`.
    public var ref: String?
    /// Its commit id at the last import: a different id means it moved.
    public var imported: String?
    public var importedAt: Int64?
    /// Records the shared cache holds that were accepted, and those skipped (malformed,
    /// oversized, another forge or repository).
    public var records: Int
    public var skipped: Int

    public init(ref: String? = nil, imported: String? = nil, importedAt: Int64? = nil, records: Int = 0, skipped: Int = 0) {
        self.ref = ref.flatMap { $0.isEmpty ? nil : $0 }
        self.imported = imported.flatMap { $0.isEmpty ? nil : $0 }
        self.importedAt = importedAt
        self.records = records
        self.skipped = skipped
    }
}
