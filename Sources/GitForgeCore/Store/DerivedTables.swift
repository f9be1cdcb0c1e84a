import GRDB

/// Tables computed from the eventlog. `meta['derived.seq']` is the last event they reflect and
/// `meta['derived.context']` the forge they were parsed for: when the tables are lost, or the
/// forge changes (a `#12` is an issue on GitLab but may be a pull request on GitHub), they are
/// dropped and re-derived, and nothing else is touched.
/// `forge_ref_counts` (`BacklogCounters`) counts `forge_refs` by status and goes with it.
enum DerivedTables {
    static let names = ["forge_refs", "commit_refs", BacklogCounters.table]

    /// Today's DDL (migrations `v9-compact` and `v10-backlog-counts` made a store's tables match
    /// it), for re-derivation and a first fill's indexes; the counters are recounted.
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS forge_refs (
                id INTEGER PRIMARY KEY,
                repo TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN (\(ReferenceKind.sqlList))),
                number INTEGER NOT NULL,
                status TEXT NOT NULL DEFAULT \(BacklogStatus.pending.sql)
                    CHECK (status IN (\(BacklogStatus.sqlList))),
                first_sha BLOB NOT NULL,
                mentioned_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,
                last_error TEXT,
                resolved_at INTEGER,
                UNIQUE(repo, kind, number)
            );
            CREATE INDEX IF NOT EXISTS forge_refs_backlog ON forge_refs(status, mentioned_at DESC);
            CREATE INDEX IF NOT EXISTS forge_refs_deferred ON forge_refs(status, next_attempt_at)
                WHERE next_attempt_at IS NOT NULL;
            CREATE TABLE IF NOT EXISTS commit_refs (
                sha BLOB NOT NULL,
                ref_id INTEGER NOT NULL,
                relation TEXT NOT NULL CHECK (relation IN (\(ReferenceRelation.sqlList))),
                kind TEXT NOT NULL CHECK (kind IN (\(ReferenceKind.sqlList))),
                PRIMARY KEY (sha, ref_id)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS commit_refs_ref ON commit_refs(ref_id);
            """)
        try BacklogCounters.create(db)
    }

    /// Drops the indexes that only serve reads and the counters' triggers (`create` makes them
    /// again, and recounts): a bulk fill inserts first and indexes after, which sorts once
    /// instead of inserting into a B-tree per row.
    static func dropSecondaryIndexes(_ db: Database) throws {
        try db.execute(sql: """
            DROP INDEX IF EXISTS forge_refs_backlog; DROP INDEX IF EXISTS forge_refs_deferred;
            DROP INDEX IF EXISTS commit_refs_ref
            """)
        try BacklogCounters.dropTriggers(db)
    }

    /// True when any derived table is missing (deleted by hand, or a damaged store repaired).
    static func areMissing(_ db: Database) throws -> Bool {
        let present = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN (\(names.map { "'\($0)'" }.joined(separator: ", ")))
            """) ?? 0
        return present < names.count
    }

    static func drop(_ db: Database) throws {
        for name in names { try db.execute(sql: "DROP TABLE IF EXISTS \(name)") }
    }
}
