import GRDB

/// Counts for `git forge status`, read in one snapshot so they agree with each other.
public struct StoreCounts: Sendable, Equatable {
    public var commits: Int
    public var pending: Int
    public var resolved: Int
    /// `notFound + unreadable`, as `refs.failed` has always counted them.
    public var failed: Int { notFound + unreadable }
    /// The forge answered that no such pull request or issue exists.
    public var notFound: Int
    /// Given up after repeated errors (status `failed` in the backlog).
    public var unreadable: Int

    /// A repository with no store yet.
    public static let empty = StoreCounts(commits: 0, pending: 0, resolved: 0, notFound: 0, unreadable: 0)
}

extension ForgeStore {
    /// Reads counters (`meta['eventlog.commits']`, `forge_ref_counts`), never the rows: O(1) in history.
    public func counts() throws(StoreError) -> StoreCounts {
        try read { db in
            let commits = try Self.commitCount(db)
            let byStatus = try DerivedTables.areMissing(db) ? [:] : BacklogCounters.read(db)
            return StoreCounts(commits: commits, pending: byStatus[.pending] ?? 0, resolved: byStatus[.resolved] ?? 0,
                               notFound: byStatus[.notFound] ?? 0, unreadable: byStatus[.failed] ?? 0)
        }
    }
}

extension ForgeStore {
    /// The number of `git.commit` events. Kept in `meta` because counting the eventlog costs
    /// O(history) and ingest must cost O(new commits); counted when the entry is missing.
    static func commitCount(_ db: Database) throws -> Int {
        if let stored = try meta(db, .eventlogCommits).flatMap({ Int($0) }) { return stored }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM eventlog WHERE type = ?",
                                arguments: [CommitEvent.type]) ?? 0
    }

    /// Records that `added` events were appended in this transaction; returns the new total.
    static func addToCommitCount(_ db: Database, _ added: Int) throws -> Int {
        let stored = try meta(db, .eventlogCommits).flatMap { Int($0) }
        let total = try stored.map { $0 + added } ?? commitCount(db)
        try setMeta(db, .eventlogCommits, String(total))
        return total
    }
}

extension ForgeStore {
    /// Whether any event of `type` is stored: one index probe, where `count(*)` reads the index.
    static func hasEvents(_ db: Database, type: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM eventlog WHERE type = ?)", arguments: [type]) ?? false
    }
}
