import Foundation
import GRDB

/// `--fetch`: which references and commits a view needs asked now, and the hand-over to a
/// resolver that already holds the lock (`meta['resolver.priority']`: backlog ids, served first).
extension ForgeStore {
    /// A reference as a view names it: `kind` is the backlog's (`any` on GitHub and Gitea).
    public struct BacklogKey: Sendable, Hashable {
        public var repo: String
        public var kind: String
        public var number: Int
        public init(repo: String, kind: String, number: Int) {
            self.repo = repo.lowercased()
            self.kind = kind
            self.number = number
        }
    }

    /// The entries among `keys` worth asking: not fetched yet (pending or failed), or cached open
    /// and fetched before `staleBefore` (then with the cached kind and ETag, for a conditional read).
    /// A key no commit names gets a backlog row first (`pr --fetch 99`), so its answer is kept.
    func fetchableEntries(_ keys: [BacklogKey], host: String, staleBefore: Int64) throws(StoreError) -> [BacklogEntry] {
        try write { db in
            guard try !DerivedTables.areMissing(db) else { return [] }
            var entries: [BacklogEntry] = []
            for key in keys {
                try db.execute(sql: """
                    INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at) VALUES (?, ?, ?, x'', 0)
                    ON CONFLICT(repo, kind, number) DO NOTHING
                    """, arguments: [key.repo, key.kind, key.number])
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT r.id, r.status, i.kind AS cached_kind, i.etag, i.state, i.fetched_at FROM forge_refs r
                    LEFT JOIN forge_items i ON i.host = ? AND i.repo = r.repo AND i.number = r.number
                        AND i.kind IN (\(Self.itemKindsOf("r")))
                    WHERE r.repo = ? AND r.kind = ? AND r.number = ?
                    """, arguments: [host, key.repo, key.kind, key.number]) else { continue }
                var entry = BacklogEntry(id: row["id"], repo: key.repo, kind: ReferenceKind(rawValue: key.kind) ?? .any,
                                         number: key.number)
                let status: BacklogStatus = row["status"]
                if let state: String = row["state"] {
                    // Cached: only an open item older than the refresh age is asked again.
                    guard state == "open", (row["fetched_at"] as Int64? ?? 0) < staleBefore else { continue }
                    entry.cachedKind = (row["cached_kind"] as String?).flatMap(ForgeItem.Kind.init(rawValue:))
                    entry.etag = row["etag"]
                } else if status == .notFound {
                    continue
                }
                entries.append(entry)
            }
            return entries
        }
    }

    /// Backlog entries for `numbers` of `repo` that are not settled yet.
    func backlogEntries(repo: String, kind: String, numbers: [Int]) throws(StoreError) -> [BacklogEntry] {
        try read { db in
            guard try !DerivedTables.areMissing(db) else { return [] }
            return try numbers.compactMap { number in
                try Row.fetchOne(db, sql: """
                    SELECT id FROM forge_refs WHERE repo = ? AND kind = ? AND number = ? AND status != \(BacklogStatus.resolved.sql)
                    """, arguments: [repo, kind, number]).map {
                    BacklogEntry(id: $0["id"], repo: repo, kind: ReferenceKind(rawValue: kind) ?? .any, number: number)
                }
            }
        }
    }

    /// Whether the forge should be asked which pull request `sha` came from: nothing local says,
    /// and the forge has not said "none" already.
    func needsAssociation(_ sha: String) throws(StoreError) -> Bool {
        try read { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM commit_pulls WHERE sha = ? LIMIT 1",
                                 arguments: [StoredID.value(sha)]) == true {
                return false
            }
            if try !DerivedTables.areMissing(db), try Bool.fetchOne(db, sql: """
                SELECT 1 FROM commit_refs WHERE sha = ? AND relation = \(ReferenceRelation.mergedIn.sql) LIMIT 1
                """, arguments: [StoredID.value(sha)]) == true { return false }
            let status = try String.fetchOne(db, sql: "SELECT status FROM forge_commit_checks WHERE sha = ?",
                                             arguments: [StoredID.value(sha)])
            return status == nil || status == "unknown"
        }
    }

    /// Hands `ids` to the resolver that holds the lock: it asks them before the rest of its work.
    func requestPriority(_ ids: [Int64]) throws(StoreError) {
        try write { db in
            let old = try Self.meta(db, .resolverPriority).map(Self.ids) ?? []
            let merged = old + ids.filter { !old.contains($0) }
            try Self.setMeta(db, .resolverPriority, merged.map(String.init).joined(separator: " "))
        }
    }

    /// The ids handed over and not served yet, as entries (cached open items with their ETag),
    /// cleared from the hand-over as they are taken.
    func takePriority(host: String) throws(StoreError) -> [BacklogEntry] {
        try write { db in
            guard let raw = try Self.meta(db, .resolverPriority), !raw.isEmpty else { return [] }
            try db.execute(sql: "DELETE FROM meta WHERE key = '\(MetaKey.resolverPriority.rawValue)'")
            guard try !DerivedTables.areMissing(db) else { return [] }
            return try Self.ids(raw).compactMap { id in
                try Row.fetchOne(db, sql: """
                    SELECT r.id, r.repo, r.kind, r.number, i.kind AS cached_kind, i.etag FROM forge_refs r
                    LEFT JOIN forge_items i ON i.host = ? AND i.repo = r.repo AND i.number = r.number
                        AND i.kind IN (\(Self.itemKindsOf("r")))
                    WHERE r.id = ?
                    """, arguments: [host, id]).map { row in
                    var entry = BacklogEntry(id: row["id"], repo: row["repo"],
                                             kind: ReferenceKind(rawValue: row["kind"]) ?? .any, number: row["number"])
                    entry.cachedKind = (row["cached_kind"] as String?).flatMap(ForgeItem.Kind.init(rawValue:))
                    entry.etag = row["etag"]
                    return entry
                }
            }
        }
    }

    /// True once every one of `ids` was answered since `since` (Unix seconds): settled, refreshed,
    /// or tried and put off after a failure.
    func answeredSince(_ ids: [Int64], since: Int64, host: String) throws(StoreError) -> Bool {
        try read { db in
            for id in ids {
                let answered = try Bool.fetchOne(db, sql: """
                    SELECT r.status != \(BacklogStatus.pending.sql) AND coalesce(r.resolved_at, 0) >= ?1
                        OR coalesce(r.next_attempt_at, 0) > ?1
                        OR EXISTS (SELECT 1 FROM forge_items i WHERE i.host = ?2 AND i.repo = r.repo
                                   AND i.number = r.number AND i.kind IN (\(Self.itemKindsOf("r"))) AND i.fetched_at >= ?1)
                    FROM forge_refs r WHERE r.id = ?3
                    """, arguments: [since, host, id]) ?? true
                if !answered { return false }
            }
            return true
        }
    }

    /// The item kinds that answer backlog row `alias`, spelt so SQLite searches `forge_items` on its
    /// whole key: `(r.kind = 'any' OR r.kind = i.kind)` would read every item of the repository.
    private static func itemKindsOf(_ alias: String) -> String {
        "CASE WHEN \(alias).kind = \(ReferenceKind.any.sql) THEN 'pull' ELSE \(alias).kind END, "
            + "CASE WHEN \(alias).kind = \(ReferenceKind.any.sql) THEN 'issue' ELSE \(alias).kind END"
    }

    private static func ids(_ raw: String) -> [Int64] { raw.split(separator: " ").compactMap { Int64($0) } }
}
