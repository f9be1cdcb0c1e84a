import GRDB

/// Ingest's transactions (`Ingest/Ingester.swift` walks git; `EventWriter` writes what it reads):
/// the walk hands batches to the writer and never sees the connection.
extension ForgeStore {
    /// Whether ingest may stop at stored commits: the store holds commits, and the repository
    /// (`shallow` now) was not shallow at the last ingest.
    func ingestsIncrementally(shallow: Bool) throws(StoreError) -> Bool {
        try read { db in
            try !(Self.meta(db, .ingestShallow) == "1" && !shallow) && Self.hasEvents(db, type: CommitEvent.type)
        }
    }

    /// An incremental ingest (a hook's: a few new commits): `walk` runs inside the write
    /// transaction, asking this connection whether a commit is stored, and hands its batches to
    /// `writer.write`.
    func ingestIncrementally(_ writer: EventWriter,
                             walk: (_ isStored: (ObjectID) throws -> Bool) throws -> Void) throws(StoreError) -> IngestResult {
        try write { db in
            let lookup = try db.makeStatement(sql: "SELECT 1 FROM eventlog WHERE type = '\(CommitEvent.type)' AND source_id = ?")
            return try writer.fill(db, bulk: false) {
                try walk { try Bool.fetchOne(lookup, arguments: [StoredID.value($0)]) ?? false }
            }
        }
    }

    /// A whole-history ingest's one transaction: `drain` hands every batch to `writer.write`.
    /// - Parameter bulk: a transaction with a page cache for the whole ingest (`bulkWrite`), and
    ///   on an empty store the derived indexes built once at the end; false for a history shorter
    ///   than one batch, written in an ordinary transaction.
    func ingestWholeHistory(_ writer: EventWriter, bulk: Bool, drain: () throws -> Void) throws(StoreError) -> IngestResult {
        if bulk {
            return try bulkWrite { db in try writer.fill(db, bulk: true, drain) }
        }
        return try write { db in try writer.fill(db, bulk: false, drain) }
    }
}
