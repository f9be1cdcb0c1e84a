import GRDB

/// `forge_ref_counts`: how many backlog rows have each status, kept by triggers on `forge_refs`
/// so `status` reads four rows instead of counting a backlog that grows with history (at a
/// million commits, a `GROUP BY status` over 200,000 references cost 15–25 ms of `status`).
///
/// The counters are derived like the tables they count: made with them, dropped with them, and
/// filled by one `GROUP BY` whenever they are made. A first fill drops the triggers with the
/// secondary indexes and makes them again after the bulk rows (`DerivedTables`), so its rows
/// pay no trigger each; everywhere else each insert, status change and delete adjusts a counter
/// in the same statement, so they cannot drift from the rows.
enum BacklogCounters {
    static let table = "forge_ref_counts"
    private static let triggers = ["forge_refs_count_insert", "forge_refs_count_status", "forge_refs_count_delete"]

    /// Today's DDL; migration `v10-backlog-counts` spelt the same out (a test compares them).
    /// Recounts from the rows: callers make it once the rows are in (or the table is empty).
    static func create(_ db: Database) throws {
        try dropTriggers(db)
        try db.execute(sql: """
            DROP TABLE IF EXISTS forge_ref_counts;
            CREATE TABLE forge_ref_counts (
                status TEXT PRIMARY KEY NOT NULL,
                n INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO forge_ref_counts(status, n) SELECT status, count(*) FROM forge_refs GROUP BY status;
            INSERT OR IGNORE INTO forge_ref_counts(status, n) VALUES \(BacklogStatus.allCases.map { "(\($0.sql), 0)" }.joined(separator: ", "));
            CREATE TRIGGER forge_refs_count_insert AFTER INSERT ON forge_refs BEGIN
                UPDATE forge_ref_counts SET n = n + 1 WHERE status = NEW.status;
            END;
            CREATE TRIGGER forge_refs_count_status AFTER UPDATE OF status ON forge_refs
            WHEN OLD.status IS NOT NEW.status BEGIN
                UPDATE forge_ref_counts SET n = n - 1 WHERE status = OLD.status;
                UPDATE forge_ref_counts SET n = n + 1 WHERE status = NEW.status;
            END;
            CREATE TRIGGER forge_refs_count_delete AFTER DELETE ON forge_refs BEGIN
                UPDATE forge_ref_counts SET n = n - 1 WHERE status = OLD.status;
            END;
            """)
    }

    /// For a bulk fill: the rows go in without a trigger each; `create` recounts them after.
    static func dropTriggers(_ db: Database) throws {
        for name in triggers { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
    }

    /// The counters, by status; every status is present (zero when no row has it).
    static func read(_ db: Database) throws -> [BacklogStatus: Int] {
        var counts: [BacklogStatus: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT status, n FROM forge_ref_counts") {
            if let status = BacklogStatus(rawValue: row["status"]) { counts[status] = row["n"] }
        }
        return counts
    }
}
