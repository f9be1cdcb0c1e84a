import Foundation
import GRDB

/// Appends events of one type to the eventlog, inside the caller's write transaction, through one
/// prepared statement whose constant columns are bound once.
struct EventlogAppender {
    private let insert: BoundStatement
    /// A first fill's rows, 16 to a statement (`RowBatch`): the unique index is dropped then and the
    /// walk never yields a commit twice, so no row is ignored and none needs its own answer.
    private var batch: RowBatch<(id: ObjectID, timestamp: Int64, payload: [UInt8])>?

    init(_ db: Database, type: String, recordedAt: Int64, batched: Bool = false) throws {
        insert = try BoundStatement(db, sql: """
            INSERT OR IGNORE INTO eventlog(type, source_id, timestamp, recorded_at, payload) VALUES (?, ?, ?, ?, ?)
            """)
        try insert.bind(1, type)
        try insert.bind(4, recordedAt)
        if batched {
            batch = try RowBatch(db, insert: "INSERT INTO eventlog(type, source_id, timestamp, recorded_at, payload)",
                                 values: "('\(type.replacingOccurrences(of: "'", with: "''"))', ?, ?, \(recordedAt), ?)", columns: 3, size: 16) {
                try $0.bind($1, id: $2.id)
                try $0.bind($1 + 1, $2.timestamp)
                try $0.bind($1 + 2, blob: $2.payload)
            }
        }
    }

    /// - Parameters:
    ///   - sourceID: stored as its 20 bytes (`StoredID`).
    ///   - payload: the binary payload (`CommitEvent`).
    /// - Returns: false when the event was already stored (`UNIQUE(type, source_id)`); always true
    ///   when batched.
    mutating func append(sourceID: ObjectID, timestamp: Int64, payload: [UInt8]) throws -> Bool {
        if batch != nil {
            try batch!.append((sourceID, timestamp, payload))
            return true
        }
        try insert.bind(2, id: sourceID)
        try insert.bind(3, timestamp)
        try insert.execute(binding: 5, blob: payload)
        return insert.changes > 0
    }

    /// Writes the batched rows not written yet: before the transaction reads the eventlog.
    mutating func finish() throws {
        try batch?.flush()
    }
}

extension ForgeStore {
    /// `eventlog_source` as the v1 migration made it: `UNIQUE(type, source_id)`, which
    /// `INSERT OR IGNORE` and every lookup by commit rely on.
    static func dropEventlogSourceIndex(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS eventlog_source")
    }

    static func createEventlogSourceIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE UNIQUE INDEX IF NOT EXISTS eventlog_source ON eventlog(type, source_id)")
    }

    /// Page cache for a bulk write, in KiB. SQLite's default (2 MiB) is smaller than one ingest's
    /// working set: `commit_refs` (keyed by sha) and `forge_refs`' unique key take inserts at
    /// random places, and with a small cache each one re-reads and re-writes pages. The eventlog
    /// only appends, and a first fill builds its unique index after the rows, so 32 MiB is
    /// enough: at a million commits it costs the same CPU as 96 MiB (less user time, more system
    /// time) and peaks 110 MB lower. Memory is only taken as pages are used.
    static let bulkCacheKiB = 32 * 1024

    /// One write transaction with a page cache large enough for a whole ingest; the connection's
    /// own cache size is restored afterwards (a long-lived process keeps its connection).
    func bulkWrite<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.writeWithoutTransaction { db in
                let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = -\(Self.bulkCacheKiB)")
                // The derived tables' CHECK constraints (`kind IN ('any', 'pull', 'issue')`)
                // are compiled into a temporary b-tree per list, opened, filled and closed on
                // every insert: a fifth of a first ingest's CPU. What ingest writes there comes
                // from the enums those lists spell (`ReferenceKind`, `ReferenceRelation`), and
                // incremental ingests and re-derivation still check every row.
                try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
                defer {
                    try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
                    try? db.execute(sql: "PRAGMA cache_size = \(previous)")
                }
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw .database(Self.describe(error))
        }
    }
}
