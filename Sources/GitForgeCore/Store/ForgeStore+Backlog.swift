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
            // The counter, not a count of the pending rows: the backlog grows with history.
            let pending = try BacklogCounters.read(db)[.pending] ?? 0
            let last = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM forge_refs") ?? 0
            return BacklogMark(pending: pending, lastRefID: last)
        }
    }
}
