import Foundation
import GRDB

/// The resolver's reads and writes of the backlog and the forge cache. Each response is saved by
/// one `save` call: items, backlog statuses and run progress in one transaction.
extension ForgeStore {
    /// Pending references whose retry time has come, newest mention first.
    func readyBacklog(now: Date, limit: Int) throws(StoreError) -> [BacklogEntry] {
        try read { db in
            guard try !DerivedTables.areMissing(db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT id, repo, kind, number FROM forge_refs
                WHERE status = \(BacklogStatus.pending.sql) AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY mentioned_at DESC, id LIMIT ?
                """, arguments: [Self.stamp(now), limit]).map(Self.entry)
        }
    }

    /// How many references `readyBacklog` would give without a limit: the pending counter less the
    /// deferred ones not due yet (`forge_refs_deferred`), not the rows read into memory.
    func readyBacklogCount(now: Date) throws(StoreError) -> Int {
        try read { db in
            guard try !DerivedTables.areMissing(db) else { return 0 }
            let pending = try BacklogCounters.read(db)[.pending] ?? 0
            let later = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM forge_refs WHERE status = \(BacklogStatus.pending.sql) AND next_attempt_at > ?
                """, arguments: [Self.stamp(now)]) ?? 0
            return pending - later
        }
    }

    /// Resolved references whose cached item is open and was fetched before `before`, and whose
    /// last failed refresh (if any) is due again by `now` and not one of `maxAttempts` in a row.
    func refreshDue(host: String, before: Date, now: Date = Date(), maxAttempts: Int = .max,
                    limit: Int) throws(StoreError) -> [BacklogEntry] {
        try read { db in
            guard try !DerivedTables.areMissing(db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT r.id, r.repo, r.kind, r.number, i.kind AS cached_kind, i.etag FROM forge_items i
                JOIN forge_refs r ON r.repo = i.repo AND r.number = i.number AND (r.kind = \(ReferenceKind.any.sql) OR r.kind = i.kind)
                WHERE i.host = ? AND i.state = 'open' AND i.fetched_at < ? AND r.status = \(BacklogStatus.resolved.sql)
                    AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= ?) AND r.attempts < ?
                ORDER BY i.fetched_at LIMIT ?
                """, arguments: [host, Int64(before.timeIntervalSince1970), Self.stamp(now), maxAttempts, limit]).map { row in
                var entry = Self.entry(row)
                entry.cachedKind = (row["cached_kind"] as String?).flatMap(ForgeItem.Kind.init(rawValue:))
                // An ETag that is not printable ASCII (saved by an older version) is not sent:
                // the HTTP layer would refuse the request, every run.
                entry.etag = (row["etag"] as String?).flatMap(ForgeItem.usableETag)
                return entry
            }
        }
    }

    /// A Unix time for SQL; the far future (an explicit sync's "now" for deferred references) clamped.
    private static func stamp(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970
        return value >= 9e18 ? .max : Int64(value)
    }

    /// Marks pending references that the cache already answers with a final (merged or closed)
    /// item as resolved: after re-derivation or a rebuilt backlog nothing final is fetched twice.
    @discardableResult
    func settleFromCache(host: String) throws(StoreError) -> Int {
        try write { db in
            guard try !DerivedTables.areMissing(db) else { return 0 }
            try db.execute(sql: """
                UPDATE forge_refs SET status = \(BacklogStatus.resolved.sql), resolved_at = coalesce(resolved_at, ?)
                WHERE status = \(BacklogStatus.pending.sql) AND EXISTS (
                    SELECT 1 FROM forge_items i WHERE i.host = ? AND i.repo = forge_refs.repo
                    AND i.number = forge_refs.number AND (forge_refs.kind = \(ReferenceKind.any.sql) OR forge_refs.kind = i.kind)
                    AND i.state != 'open')
                """, arguments: [Int64(Date().timeIntervalSince1970), host])
            return db.changesCount
        }
    }

    /// Saves the answers from one response and the run's progress, atomically.
    func save(_ results: [ResolvedRef], host: String, run: Int64, resolved: Int, requests: Int,
              now: Date = Date()) throws(StoreError) {
        let stamp = Int64(now.timeIntervalSince1970)
        try write { db in
            for result in results {
                let entry = result.entry
                switch result.answer {
                case let .found(item):
                    try Self.upsert(item, host: host, repo: entry.repo, fetchedAt: stamp, db: db)
                    try db.execute(sql: """
                        UPDATE forge_refs SET status = \(BacklogStatus.resolved.sql), resolved_at = ?, last_error = NULL,
                            attempts = 0, next_attempt_at = NULL WHERE id = ?
                        """, arguments: [stamp, entry.id])
                case let .notFound(reason):
                    try db.execute(sql: """
                        UPDATE forge_refs SET status = \(BacklogStatus.notFound.sql), resolved_at = ?, last_error = ?,
                            next_attempt_at = NULL WHERE id = ?
                        """, arguments: [stamp, reason, entry.id])
                case .unchanged:
                    try db.execute(sql: """
                        UPDATE forge_items SET fetched_at = ? WHERE host = ? AND repo = ? AND number = ? AND kind = ?
                        """, arguments: [stamp, host, entry.repo, entry.number, entry.cachedKind?.rawValue])
                    try db.execute(sql: """
                        UPDATE forge_refs SET attempts = 0, next_attempt_at = NULL, last_error = NULL WHERE id = ?
                        """, arguments: [entry.id])
                }
            }
            try Self.updateRun(db, run, resolved: resolved, requests: requests)
        }
    }

    /// Saves items a page walk brought beyond the ones asked for: a later reference to one of
    /// them is answered from the cache (`settleFromCache`) instead of by another walk.
    func cache(_ items: [ForgeItem], host: String, repo: String, now: Date = Date()) throws(StoreError) {
        guard !items.isEmpty else { return }
        try write { db in
            for item in items { try Self.upsert(item, host: host, repo: repo, fetchedAt: Int64(now.timeIntervalSince1970), db: db) }
        }
    }

    /// A transient failure for `ids`: retried after `retryAt`; a pending reference is failed for
    /// good after `maxAttempts`, a resolved one (a refresh) keeps its item and is not refreshed again.
    func recordFailure(_ ids: [Int64], reason: String, retryAt: Date, maxAttempts: Int) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try write { db in
            let statement = try db.makeStatement(sql: """
                UPDATE forge_refs SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                    status = CASE WHEN status = \(BacklogStatus.pending.sql) AND attempts + 1 >= ? THEN \(BacklogStatus.failed.sql) ELSE status END
                WHERE id = ? AND status IN (\(BacklogStatus.pending.sql), \(BacklogStatus.resolved.sql))
                """)
            for id in ids {
                try statement.execute(arguments: [reason, Int64(retryAt.timeIntervalSince1970), maxAttempts, id])
            }
        }
    }

    /// The saved backoff deadline: no request goes to the forge before it. `capped`: the forge
    /// asked for later than the longest deadline, and got that instead.
    func resolverNotBefore() throws(StoreError) -> (date: Date, capped: Bool) {
        try read { db in
            var value = try Self.meta(db, .resolverNotBefore).flatMap(Double.init) ?? 0
            if !value.isFinite { value = .greatestFiniteMagnitude }
            return (Date(timeIntervalSince1970: value), try Self.meta(db, .resolverNotBeforeCapped) == "1")
        }
    }

    func setResolverNotBefore(_ date: Date, capped: Bool = false) throws(StoreError) {
        try write { db in
            try Self.setMeta(db, .resolverNotBefore, String(date.timeIntervalSince1970))
            try Self.setMeta(db, .resolverNotBeforeCapped, capped ? "1" : "0")
        }
    }

    /// The wait the running resolver sits through now, if any (see `ResolverWait`).
    func resolverWait() throws(StoreError) -> ResolverWait? {
        try read { db in try Self.meta(db, ResolverWait.key).flatMap(ResolverWait.init(meta:)) }
    }

    func setResolverWait(_ wait: ResolverWait?) throws(StoreError) {
        try write { db in
            if let wait {
                try Self.setMeta(db, ResolverWait.key, wait.meta)
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [ResolverWait.key])
            }
        }
    }

    /// Where an unfinished page walk stopped (`key` names the list), so the next run goes on from
    /// there instead of page 1.
    func walkPosition(_ key: String) throws(StoreError) -> Int? {
        try read { db in try Self.meta(db, MetaKey.resolverWalkPrefix + key).flatMap { Int($0) } }
    }

    func setWalkPosition(_ key: String, page: Int?) throws(StoreError) {
        try write { db in
            if let page {
                try Self.setMeta(db, MetaKey.resolverWalkPrefix + key, String(page))
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [MetaKey.resolverWalkPrefix + key])
            }
        }
    }

    /// Pending references a failure put off: how many, until when the first is due, and the
    /// latest failure's message. Nil when none is waiting. Both queries read only the partial
    /// index `forge_refs_deferred` (rows with `next_attempt_at` set), not every pending row.
    public func deferredReferences(now: Date = Date()) throws(StoreError) -> DeferredReferences? {
        try read { db in
            guard try !DerivedTables.areMissing(db),
                  let row = try Row.fetchOne(db, sql: """
                      SELECT count(*) AS n, min(next_attempt_at) AS first FROM forge_refs
                      WHERE status = \(BacklogStatus.pending.sql) AND next_attempt_at > ?
                      """, arguments: [Int64(now.timeIntervalSince1970)]),
                  let count = row["n"] as Int?, count > 0, let first = row["first"] as Int64?
            else { return nil }
            let error = try String.fetchOne(db, sql: """
                SELECT last_error FROM forge_refs WHERE status = \(BacklogStatus.pending.sql) AND next_attempt_at > ?
                ORDER BY next_attempt_at DESC, id DESC LIMIT 1
                """, arguments: [Int64(now.timeIntervalSince1970)])
            return DeferredReferences(count: count, until: Date(timeIntervalSince1970: TimeInterval(first)), lastError: error)
        }
    }

    /// The saved `TokenWait`, if a run stopped for want of a token.
    func tokenWait() throws(StoreError) -> TokenWait? {
        try read { db in try Self.meta(db, TokenWait.key).flatMap(TokenWait.init(meta:)) }
    }

    /// Saves `wait`, or forgets the saved one (nil).
    func setTokenWait(_ wait: TokenWait?) throws(StoreError) {
        try write { db in
            if let wait {
                try Self.setMeta(db, TokenWait.key, wait.meta)
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [TokenWait.key])
            }
        }
    }

    /// `sync --rebuild`: forgets everything fetched from the forge (cache, statuses, forge
    /// associations) so it is fetched again. The eventlog, and the backoff deadline, stay.
    public func resetForgeCache() throws(StoreError) {
        try write { db in
            try db.execute(sql: """
                DELETE FROM forge_items;
                DELETE FROM commit_pulls WHERE via = \(ForgeLink.Via.forge.sql);
                DELETE FROM forge_commit_checks;
                DELETE FROM meta WHERE key LIKE '\(MetaKey.resolverWalkPrefix)%';
                DELETE FROM forge_missing;
                DELETE FROM forge_shared_items;
                """)
            if try !DerivedTables.areMissing(db) {
                try db.execute(sql: """
                    UPDATE forge_refs SET status = \(BacklogStatus.pending.sql), attempts = 0, next_attempt_at = NULL,
                        last_error = NULL, resolved_at = NULL
                    """)
            }
        }
    }

    private static func entry(_ row: Row) -> BacklogEntry {
        BacklogEntry(id: row["id"], repo: row["repo"],
                     kind: ReferenceKind(rawValue: row["kind"]) ?? .any, number: row["number"])
    }

    private static func upsert(_ item: ForgeItem, host: String, repo: String, fetchedAt: Int64, db: Database) throws {
        let closes = String(decoding: (try? JSONEncoder().encode(item.closes)) ?? Data("[]".utf8), as: UTF8.self)
        let labels = String(decoding: (try? JSONEncoder().encode(item.labels)) ?? Data("[]".utf8), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO forge_items(host, repo, kind, number, title, body, state, draft, author, labels, url,
                created_at, updated_at, closed_at, merged_at, base_ref, head_ref, merge_commit_sha, approvals,
                closes, etag, fetched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(host, repo, kind, number) DO UPDATE SET title = excluded.title, body = excluded.body,
                state = excluded.state, draft = excluded.draft, author = excluded.author, labels = excluded.labels,
                url = excluded.url, created_at = excluded.created_at, updated_at = excluded.updated_at,
                closed_at = excluded.closed_at, merged_at = excluded.merged_at, base_ref = excluded.base_ref,
                head_ref = excluded.head_ref, merge_commit_sha = excluded.merge_commit_sha,
                approvals = excluded.approvals, closes = excluded.closes, etag = excluded.etag,
                fetched_at = excluded.fetched_at
            """, arguments: [host, repo, item.kind.rawValue, item.number, item.title, item.body, item.state.rawValue,
                             item.draft, item.author, labels, item.url, item.createdAt, item.updatedAt, item.closedAt,
                             item.mergedAt, item.baseRef, item.headRef, item.mergeCommitSHA, item.approvals, closes,
                             item.etag.flatMap(ForgeItem.usableETag), fetchedAt])
    }
}

/// What `status` says of references put off after a failure: "N deferred until HH:MM (last error: …)".
public struct DeferredReferences: Sendable, Equatable {
    public var count: Int
    /// When the first of them is due again.
    public var until: Date
    public var lastError: String?
}
