import GRDB

/// The schema every migration together leaves, made in one step for a store being created
/// (`NewStore`).
///
/// Why: running the ten migrations on an empty file took ~10 ms of a first ingest (half of a small
/// repository's, all of it before the first commit is read): the later ones rebuild tables and
/// rename them, and every rename has SQLite parse the whole schema again. Today's DDL for the
/// derived tables and their counters lives in `DerivedTables`; the rest is spelt here exactly as
/// the migrations leave it in `sqlite_master`. `CurrentSchemaTests` compares a store made here
/// with one made by the migrator, object by object: a new migration must change this too.
enum CurrentSchema {
    /// Creates every table, index and trigger and records every migration as applied, in one
    /// transaction on an empty database.
    static func create(_ db: Database) throws {
        try db.inTransaction {
            try db.execute(sql: sql)
            try DerivedTables.create(db)
            for identifier in Migrations.migrator.migrations {
                try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES (?)", arguments: [identifier])
            }
            return .commit
        }
    }

    /// The tables that are not derived, as `sqlite_master` holds them after the last migration.
    static let sql = """
            CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
            CREATE TABLE meta (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE forge_items (
                host TEXT NOT NULL,
                repo TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('pull', 'issue')),
                number INTEGER NOT NULL,
                title TEXT NOT NULL,
                body TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL CHECK (state IN ('open', 'closed', 'merged')),
                draft INTEGER NOT NULL DEFAULT 0,
                author TEXT,
                labels TEXT NOT NULL DEFAULT '[]',
                url TEXT NOT NULL,
                created_at TEXT,
                updated_at TEXT,
                closed_at TEXT,
                merged_at TEXT,
                base_ref TEXT,
                head_ref TEXT,
                merge_commit_sha TEXT,
                approvals INTEGER,
                closes TEXT NOT NULL DEFAULT '[]',
                etag TEXT,
                fetched_at INTEGER NOT NULL,
                PRIMARY KEY (host, repo, kind, number)
            ) WITHOUT ROWID;
            CREATE INDEX forge_items_merge_commit ON forge_items(merge_commit_sha)
                WHERE merge_commit_sha IS NOT NULL;
            CREATE TABLE resolver_runs (
                id INTEGER PRIMARY KEY,
                pid INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                finished_at INTEGER,
                outcome TEXT CHECK (outcome IN ('completed', 'interrupted', 'rateLimited', 'failed')),
                total INTEGER NOT NULL DEFAULT 0,
                resolved INTEGER NOT NULL DEFAULT 0,
                requests INTEGER NOT NULL DEFAULT 0,
                error TEXT
            );
            CREATE INDEX forge_items_open ON forge_items(fetched_at) WHERE state = 'open';
            CREATE TABLE forge_missing (
                host TEXT NOT NULL,
                repo TEXT NOT NULL,
                kind TEXT NOT NULL,
                number INTEGER NOT NULL,
                fetched_at INTEGER NOT NULL,
                PRIMARY KEY (host, repo, kind, number)
            ) WITHOUT ROWID;
            CREATE INDEX forge_items_fetched ON forge_items(fetched_at);
            CREATE TABLE forge_shared_items (
                host TEXT NOT NULL,
                repo TEXT NOT NULL,
                kind TEXT NOT NULL,
                number INTEGER NOT NULL,
                PRIMARY KEY (host, repo, kind, number)
            ) WITHOUT ROWID;
            CREATE TABLE eventlog (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                type TEXT NOT NULL,
                source_id BLOB NOT NULL,
                timestamp INTEGER NOT NULL,
                recorded_at INTEGER NOT NULL,
                payload BLOB NOT NULL
            );
            CREATE UNIQUE INDEX eventlog_source ON eventlog(type, source_id);
            CREATE TABLE commit_pulls (
                sha BLOB NOT NULL,
                repo TEXT NOT NULL,
                number INTEGER NOT NULL,
                via TEXT NOT NULL CHECK (via IN ('merge', 'forge')),
                PRIMARY KEY (sha, repo, number)
            ) WITHOUT ROWID;
            CREATE INDEX commit_pulls_pull ON commit_pulls(repo, number);
            CREATE TABLE forge_commit_checks (
                sha BLOB PRIMARY KEY NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('found', 'none', 'unknown')),
                checked_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            """
}
