import GRDB

/// What the backlog looks like right now, cheaply, for deciding whether a resolver has work.
public struct BacklogMark: Sendable, Equatable {
    public var pending: Int
    /// The newest `forge_refs` row: a different value later means references were queued meanwhile.
    public var lastRefID: Int64
}

extension ForgeStore {
    public func backlogMark() throws(StoreError) -> BacklogMark {
        try read { db in
            if try DerivedTables.areMissing(db) { return BacklogMark(pending: 0, lastRefID: 0) }
            let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM forge_refs WHERE status = \(BacklogStatus.pending.sql)) AS pending,
                       (SELECT coalesce(max(id), 0) FROM forge_refs) AS last
                """)!
            return BacklogMark(pending: row["pending"], lastRefID: row["last"])
        }
    }
}
