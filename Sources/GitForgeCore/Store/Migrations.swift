import GRDB

/// The schema's history. A migration never changes once shipped: a later schema is a new entry.
/// The derived tables (`forge_refs`, `commit_refs`) can be dropped and rebuilt from the eventlog at
/// any time (see `DerivedTables`), so their DDL lives there and migrations only call it.
enum Migrations {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-eventlog") { db in
            try db.execute(sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE eventlog (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    type TEXT NOT NULL,
                    source_id TEXT NOT NULL,
                    timestamp INTEGER NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    payload TEXT NOT NULL
                );
                CREATE UNIQUE INDEX eventlog_source ON eventlog(type, source_id);
                """)
            try DerivedTables.create(db)
        }
        return migrator
    }()
}
