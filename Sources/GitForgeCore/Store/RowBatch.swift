import GRDB

/// Rows for one `INSERT`, run `size` at a time as a single multi-row statement
/// (`INSERT … VALUES (…), (…), …`); `flush` runs what is left one row at a time.
///
/// Why: SQLite's cost per statement execution (the program's start and end, and for an
/// `AUTOINCREMENT` table a read and a write of `sqlite_sequence`) is paid once per batch instead of
/// once per row. Measured on a 25,000-commit first fill's eventlog rows, 16 at a time took 27 ms
/// against 48 one by one (bench/RESULTS.md, "Ingest").
/// Rows appended are in the table only after the batch runs: the owner flushes before anything in
/// the transaction reads the table.
struct RowBatch<Row> {
    private let many: BoundStatement
    private let one: BoundStatement
    private let columns: Int32
    private let size: Int
    private let bind: (BoundStatement, Int32, Row) throws -> Void
    private var rows: [Row] = []
    /// Rows the statements have changed so far (an `OR IGNORE` row ignored is not counted).
    private(set) var changes = 0

    /// - Parameters:
    ///   - insert: the statement up to `VALUES`, e.g. `INSERT INTO t(a, b)`.
    ///   - values: one row's tuple, e.g. `(?, ?)`, with `columns` parameters.
    ///   - bind: binds a row's values from the given first parameter index on.
    init(_ db: Database, insert: String, values: String, columns: Int, size: Int,
         bind: @escaping (BoundStatement, Int32, Row) throws -> Void) throws {
        many = try BoundStatement(db, sql: insert + " VALUES " + Array(repeating: values, count: size).joined(separator: ", "))
        one = try BoundStatement(db, sql: insert + " VALUES " + values)
        self.columns = Int32(columns)
        self.size = size
        self.bind = bind
        rows.reserveCapacity(size)
    }

    mutating func append(_ row: Row) throws {
        rows.append(row)
        if rows.count == size {
            try run(many, rows)
            rows.removeAll(keepingCapacity: true)
        }
    }

    /// Writes the rows not written yet.
    mutating func flush() throws {
        for row in rows { try run(one, CollectionOfOne(row)) }
        rows.removeAll(keepingCapacity: true)
    }

    private mutating func run<C: Collection<Row>>(_ statement: BoundStatement, _ rows: C) throws {
        var first: Int32 = 1
        for row in rows {
            try bind(statement, first, row)
            first += columns
        }
        defer { statement.reset() }
        _ = try statement.step()
        changes += statement.changes
    }
}
