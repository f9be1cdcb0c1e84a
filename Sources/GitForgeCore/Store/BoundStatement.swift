import Foundation
import GRDB
import GRDBSQLite

/// A GRDB prepared statement driven through SQLite's C API, for the loops that run once per
/// commit. `Statement.execute(arguments:)` builds a `StatementArguments` array of existentials,
/// validates it and copies every string; here values are bound in place and errors still become
/// GRDB's `DatabaseError`. Only `Store/` uses it, like every other SQLite detail.
struct BoundStatement {
    private let statement: Statement
    private let db: Database

    init(_ db: Database, sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// Binds UTF-8 text; SQLite copies it, so the buffer may go away after the call.
    func bind(_ index: Int32, utf8 text: UnsafeBufferPointer<UInt8>) throws {
        try bind(index, utf8: text, destructor: SQLITE_TRANSIENT_DESTRUCTOR)
    }

    /// Binds `bytes` as a blob without copying them, runs the statement to completion and resets
    /// it: the one copy saved is a whole event payload per commit.
    func execute(binding index: Int32, blob bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            // A nil pointer would bind NULL, not the empty blob.
            try check(sqlite3_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                        Int32(buffer.count), nil))  // SQLITE_STATIC
            defer {
                sqlite3_reset(handle)
                sqlite3_bind_null(handle, index)
            }
            _ = try step()
        }
    }

    /// Binds `bytes` as a blob; SQLite copies them.
    func bind(_ index: Int32, blob bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            // A nil pointer would bind NULL, not the empty blob.
            try check(sqlite3_bind_blob(handle, index, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                        Int32(buffer.count), SQLITE_TRANSIENT_DESTRUCTOR))
        }
    }

    /// Binds an object id as the store keeps it (`StoredID`): its 20 bytes.
    func bind(_ index: Int32, id: ObjectID) throws {
        try id.withBytes { try check(sqlite3_bind_blob(handle, index, $0.baseAddress, 20, SQLITE_TRANSIENT_DESTRUCTOR)) }
    }

    /// Binds a hex id as the store keeps it (`StoredID.value`).
    func bind(_ index: Int32, hexID: String) throws {
        if let id = ObjectID(hex: hexID) { try bind(index, id: id) } else { try bind(index, hexID) }
    }

    private func bind(_ index: Int32, utf8 text: UnsafeBufferPointer<UInt8>, destructor: sqlite3_destructor_type?) throws {
        // A nil pointer would bind NULL, not the empty string.
        guard let start = text.baseAddress, !text.isEmpty else {
            return try check(sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT_DESTRUCTOR))
        }
        try check(sqlite3_bind_text(handle, index, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self),
                                    Int32(text.count), destructor))
    }

    func bind(_ index: Int32, _ text: String) throws {
        var text = text
        try text.withUTF8 { try bind(index, utf8: $0) }
    }

    func bind(_ index: Int32, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try bind(index, utf8: $0) }
    }

    func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Runs the statement to its first row. - Returns: true when there is a row to read.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error(sqlite3_reset(handle))
        }
    }

    /// Ends this execution (bindings stay, so constants need binding once).
    func reset() { sqlite3_reset(handle) }

    func int64(column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// Whether the text in `column` is exactly `text`, without making a `String` of it.
    func column(_ column: Int32, equals text: String) -> Bool {
        guard let start = sqlite3_column_text(handle, column) else { return false }
        let count = Int(sqlite3_column_bytes(handle, column))
        var text = text
        return text.withUTF8 { $0.count == count && ($0.baseAddress.map { memcmp($0, start, count) == 0 } ?? true) }
    }

    func isNull(column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The text in `column`; one of `known` when it is equal to one (no new string for the few
    /// values a column like `status` holds), nil for NULL.
    func string(column: Int32, known: [String] = []) -> String? {
        guard let start = sqlite3_column_text(handle, column) else { return nil }
        for candidate in known where self.column(column, equals: candidate) { return candidate }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    }

    /// The object id in `column` (20 bytes, `StoredID`), read in place.
    func objectID(column: Int32) -> ObjectID? {
        guard sqlite3_column_type(handle, column) == SQLITE_BLOB, let start = sqlite3_column_blob(handle, column) else {
            return nil
        }
        return ObjectID(bytes: UnsafeRawBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))))
    }

    /// Whether `column` holds exactly the stored form of `id`.
    func column(_ column: Int32, equals id: ObjectID) -> Bool {
        objectID(column: column) == id
    }

    /// Rows changed by the last execution.
    var changes: Int { db.changesCount }

    private func check(_ code: Int32) throws {
        if code != SQLITE_OK { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

/// SQLite's `SQLITE_TRANSIENT` (a destructor of -1), which the C macro hides from Swift.
private let SQLITE_TRANSIENT_DESTRUCTOR = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
