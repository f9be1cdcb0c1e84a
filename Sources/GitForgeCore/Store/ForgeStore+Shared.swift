import Foundation
import GRDB

/// The shared cache's reads and writes (docs/sharing.md): what `publish` exports, what an import
/// merges in, and the settling that lets the resolver skip every reference the cache answers.
extension ForgeStore {
    /// Everything this store learned from the forge on `host`, as shared records: cached items,
    /// numbers the forge did not know, and commit → pull request associations (`forge` rows and
    /// commits the forge tied to none). Commits the forge did not know yet are left out: that is
    /// about this clone's unpushed work, not the forge.
    public func sharedRecords(host: String, repo: String, since: SharedWatermark? = nil) throws(StoreError) -> [SharedRecord] {
        let after = since?.time ?? Int64.min
        return try read { db in
            var records: [SharedRecord] = []
            // Columns by index: a name lookup per column and row cost more than the rest of the row.
            let items = try Row.fetchCursor(db, sql: """
                SELECT repo, kind, number, title, body, state, draft, author, labels, url, created_at, updated_at,
                       closed_at, merged_at, base_ref, head_ref, merge_commit_sha, approvals, closes, fetched_at
                FROM forge_items WHERE host = ? AND fetched_at >= ?
                """, arguments: [host, after])
            while let row = try items.next() {
                guard let kind = ForgeItem.Kind(rawValue: row[1]), let state = ForgeItem.State(rawValue: row[5]) else { continue }
                let item = ForgeItem(kind: kind, number: row[2], title: row[3], body: row[4], state: state,
                                     draft: row[6], author: row[7], labels: Self.stringArray(row[8]), url: row[9],
                                     createdAt: row[10], updatedAt: row[11], closedAt: row[12],
                                     mergedAt: row[13], baseRef: row[14], headRef: row[15],
                                     mergeCommitSHA: row[16], approvals: row[17], closes: Self.links(row[18]))
                records.append(.item(host: host, repo: row[0], item: item, fetchedAt: row[19]))
            }
            var missing: [String: SharedRecord] = [:]
            let imported = try Row.fetchCursor(db, sql: """
                SELECT repo, kind, number, fetched_at FROM forge_missing WHERE host = ? AND fetched_at >= ?
                """, arguments: [host, after])
            while let row = try imported.next() {
                guard let kind = ReferenceKind(rawValue: row[1]) else { continue }
                let record = SharedRecord.missing(host: host, repo: row[0], kind: kind, number: row[2], fetchedAt: row[3])
                missing[record.key] = record
            }
            if try !DerivedTables.areMissing(db) {
                let own = try Row.fetchCursor(db, sql: """
                    SELECT repo, kind, number, coalesce(resolved_at, 0) FROM forge_refs
                    WHERE status = 'notFound' AND coalesce(resolved_at, 0) >= ?
                    """, arguments: [after])
                while let row = try own.next() {
                    guard let kind = ReferenceKind(rawValue: row[1]) else { continue }
                    let record = SharedRecord.missing(host: host, repo: row[0], kind: kind, number: row[2], fetchedAt: row[3])
                    if let known = missing[record.key], known.fetchedAt >= record.fetchedAt { continue }
                    missing[record.key] = record
                }
            }
            records += missing.values
            let commits = try Row.fetchCursor(db, sql: """
                SELECT k.sha, k.status, k.checked_at, (SELECT min(p.number) FROM commit_pulls p
                    WHERE p.sha = k.sha AND p.via = 'forge' AND p.repo = ?)
                FROM forge_commit_checks k WHERE k.status IN ('found', 'none') AND k.checked_at >= ?
                """, arguments: [repo, after])
            while let row = try commits.next() {
                let number: Int? = row[3]
                let status: String = row[1]
                if status == "found" && number == nil { continue }
                records.append(.commit(host: host, repo: repo, sha: StoredID.hex(row, 0), pulls: number.map { [$0] } ?? [],
                                       fetchedAt: row[2]))
            }
            return records
        }
    }

    /// A JSON array of strings as the store keeps labels; most are `[]`.
    static func stringArray(_ text: String) -> [String] {
        guard text != "[]" else { return [] }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String] ?? []
    }

    static func links(_ text: String) -> [ForgeItem.Link] {
        guard text != "[]", let list = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String: Any]] else {
            return []
        }
        return list.compactMap { entry in
            guard let repo = entry["repo"] as? String, let number = entry["number"] as? Int else { return nil }
            return ForgeItem.Link(repo: repo, number: number)
        }
    }

    /// One line per commit that belongs to a resolved pull request, as `git log --notes=forge`
    /// shows it: `#123 Title · merged 2025-03-01 · URL`. The pull request is the one `show` picks:
    /// the message's, else merge ancestry's, else the forge's association.
    public func pullRequestNotes(host: String, repo: String, type: ForgeType,
                                 since: SharedWatermark? = nil) throws(StoreError) -> [(sha: String, text: String)] {
        try read { db in
            guard try !DerivedTables.areMissing(db) else { return [] }
            // Since a watermark, only commits that can have a new note: ingested after it, or
            // whose pull request was fetched or associated after it. Looked up from those commits
            // (primary keys), not by scanning every commit's attribution.
            let from = since == nil ? """
                SELECT c.sha AS sha, r.repo AS repo, r.number AS number, 0 AS p
                FROM commit_refs c JOIN forge_refs r ON r.id = c.ref_id WHERE c.relation = 'mergedIn'
                UNION ALL
                SELECT sha, repo, number, CASE via WHEN 'merge' THEN 1 ELSE 2 END FROM commit_pulls
                """ : """
                WITH cand(sha) AS (
                    SELECT source_id FROM eventlog WHERE seq > :seq AND type = '\(CommitEvent.type)'
                    UNION SELECT c.sha FROM forge_items i JOIN forge_refs r ON r.repo = i.repo AND r.number = i.number
                        JOIN commit_refs c ON c.ref_id = r.id WHERE i.host = :host AND i.fetched_at >= :time
                    UNION SELECT p.sha FROM forge_items i JOIN commit_pulls p ON p.repo = i.repo AND p.number = i.number
                        WHERE i.host = :host AND i.fetched_at >= :time
                    UNION SELECT sha FROM forge_commit_checks WHERE checked_at >= :time)
                SELECT c.sha AS sha, r.repo AS repo, r.number AS number, 0 AS p
                FROM cand JOIN commit_refs c ON c.sha = cand.sha JOIN forge_refs r ON r.id = c.ref_id
                WHERE c.relation = 'mergedIn'
                UNION ALL
                SELECT p.sha, p.repo, p.number, CASE p.via WHEN 'merge' THEN 1 ELSE 2 END
                FROM cand JOIN commit_pulls p ON p.sha = cand.sha
                """
            let rows = try Row.fetchCursor(db, sql: """
                SELECT a.sha, i.repo, i.number, i.title, i.state, i.draft, i.merged_at, i.closed_at, i.url
                FROM (\(from)) a
                JOIN forge_items i ON i.host = :host AND i.repo = a.repo AND i.number = a.number AND i.kind = 'pull'
                ORDER BY a.sha, a.p
                """, arguments: ["host": host, "time": since?.time ?? 0, "seq": since?.seq ?? 0])
            var notes: [(sha: String, text: String)] = []
            let sigil = type == .gitlab ? "!" : "#"
            let home = repo.lowercased()
            while let row = try rows.next() {
                let sha = StoredID.hex(row, 0)
                if notes.last?.sha == sha { continue }
                let itemRepo: String = row[1]
                let number: Int = row[2]
                let state: String = row[4]
                let when: String
                switch state {
                case "merged": when = ((row[6] as String?).map { "merged " + $0.prefix(10) }) ?? "merged"
                case "closed": when = ((row[7] as String?).map { "closed " + $0.prefix(10) }) ?? "closed"
                default: when = (row[5] as Bool) ? "draft" : "open"
                }
                let name = (itemRepo == home ? "" : itemRepo) + sigil + String(number)
                // Forge text is hostile and `git log` prints notes raw: no control character gets through.
                let title = TerminalText.neutralize(row[3])
                notes.append((sha, "\(name) \(title) · \(when) · \(TerminalText.neutralize(row[8]))\n"))
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
                        """, arguments: [StoredID.value(sha), pulls.isEmpty ? "none" : "found", fetchedAt])
                    if let number = pulls.first {
                        try Self.saveForgePull(db, sha: sha, repo: repo, number: number, pullKind: pullKind,
                                               queue: haveBacklog, fallbackTime: fetchedAt)
                    }
                    counts.commits += 1
                }
            }
            if let host = records.first?.host { try Self.settleShared(db, host: host, freshAfter: freshAfter, now: now) }
            return counts
        }
    }

    /// Settles pending references the cache answers without asking the forge: an item that is
    /// final, or came from a shared cache and was fetched after `freshAfter` (older open ones are
    /// refreshed as usual), or a number the shared cache says the forge does not know.
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
                AND (i.state != 'open' OR (i.fetched_at >= ? AND EXISTS (
                    SELECT 1 FROM forge_shared_items s WHERE s.host = i.host AND s.repo = i.repo
                    AND s.kind = i.kind AND s.number = i.number))))
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
        var closes = JSONWriter(capacity: 16)
        closes.raw("[")
        for (i, link) in item.closes.enumerated() {
            if i > 0 { closes.raw(",") }
            closes.raw("{\"repo\":"); closes.string(link.repo); closes.raw(",\"number\":"); closes.number(Int64(link.number))
            closes.raw("}")
        }
        closes.raw("]")
        var labels = JSONWriter(capacity: 16)
        labels.raw("[")
        for (i, label) in item.labels.enumerated() {
            if i > 0 { labels.raw(",") }
            labels.string(label)
        }
        labels.raw("]")
        // The shared rule: a final item is never replaced by an open copy; otherwise the newer
        // fetch wins. The ETag is this clone's own (a forge may tie it to the token): dropped.
        try db.cachedStatement(sql: """
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
            """).execute(arguments: [host, repo, item.kind.rawValue, item.number, item.title, item.body, item.state.rawValue,
                             item.draft, item.author, labels.string, item.url, item.createdAt, item.updatedAt, item.closedAt,
                             item.mergedAt, item.baseRef, item.headRef, item.mergeCommitSHA, item.approvals, closes.string,
                             fetchedAt])
        if db.changesCount > 0 {
            try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO forge_shared_items(host, repo, kind, number) VALUES (?, ?, ?, ?)
                """).execute(arguments: [host, repo, item.kind.rawValue, item.number])
        }
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

/// Where the last publish left off: records fetched at or after `time`, and commits ingested
/// after eventlog `seq`, are all a publish needs to look at (the refs hold the rest).
public struct SharedWatermark: Sendable, Equatable {
    public var time: Int64
    public var seq: Int64
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

/// What the last publish wrote (`meta['shared.published']`): the refs' commits then, and the
/// watermark. A publish whose refs still point there reads only what came after it.
public struct SharedPublishMark: Sendable, Equatable {
    public var watermark: SharedWatermark
    public var cacheCommit: String
    public var notesCommit: String
    /// How many records and notes the refs held then.
    public var records: Int
    public var notes: Int

    var meta: String { "\(watermark.time) \(watermark.seq) \(cacheCommit) \(notesCommit) \(records) \(notes)" }

    init(watermark: SharedWatermark, cacheCommit: String, notesCommit: String, records: Int, notes: Int) {
        self.watermark = watermark
        self.cacheCommit = cacheCommit
        self.notesCommit = notesCommit
        self.records = records
        self.notes = notes
    }

    init?(meta: String) {
        let parts = meta.split(separator: " ")
        guard parts.count == 6, let time = Int64(parts[0]), let seq = Int64(parts[1]),
              let records = Int(parts[4]), let notes = Int(parts[5]) else { return nil }
        self.init(watermark: SharedWatermark(time: time, seq: seq), cacheCommit: String(parts[2]),
                  notesCommit: String(parts[3]), records: records, notes: notes)
    }
}

extension ForgeStore {
    public func sharedPublishMark() throws(StoreError) -> SharedPublishMark? {
        try read { db in try Self.meta(db, "shared.published").flatMap(SharedPublishMark.init(meta:)) }
    }

    public func setSharedPublishMark(_ mark: SharedPublishMark) throws(StoreError) {
        try write { db in try Self.setMeta(db, "shared.published", mark.meta) }
    }

    /// The newest eventlog entry, for a watermark.
    public func lastEventSeq() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM eventlog") ?? 0 }
    }
}
