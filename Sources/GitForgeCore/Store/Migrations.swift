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
        migrator.registerMigration("v2-forge-items") { db in
            // The forge cache: what the resolver fetched, keyed by where it lives. Not derived from
            // the eventlog, so it survives re-derivation and a forge change; `sync --rebuild`
            // refetches it.
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("v3-resolver-runs") { db in
            // One row per resolver run, updated after every response, so `status` can show
            // progress, rate and ETA from another process, and the last run's outcome afterwards.
            try db.execute(sql: """
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
                """)
        }
        migrator.registerMigration("v4-commit-pulls") { db in
            // Which pull request a commit belongs to when its message does not say: `merge` rows
            // come from local merge ancestry (computed at ingest from the eventlog), `forge` rows
            // from the forge's commit → pull request association (fetched by the resolver).
            try db.execute(sql: """
                CREATE TABLE commit_pulls (
                    sha TEXT NOT NULL,
                    repo TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    via TEXT NOT NULL CHECK (via IN ('merge', 'forge')),
                    PRIMARY KEY (sha, repo, number)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v5-resolver-state") { db in
            // Commits already asked about (so association is not repeated every run; `unknown` ones,
            // not yet on the forge, are asked again a day later) and an index for open-item refreshes.
            try db.execute(sql: """
                CREATE TABLE forge_commit_checks (
                    sha TEXT PRIMARY KEY NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('found', 'none', 'unknown')),
                    checked_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX forge_items_open ON forge_items(fetched_at) WHERE state = 'open';
                """)
        }
        migrator.registerMigration("v6-commit-pulls-by-pull") { db in
            // `git forge pr <n>`: the commits merge ancestry or the forge tie to one pull request,
            // found without reading every association.
            try db.execute(sql: "CREATE INDEX commit_pulls_pull ON commit_pulls(repo, number)")
        }
        migrator.registerMigration("v7-shared-cache") { db in
            // Numbers the shared cache (refs/notes/forge-cache, docs/sharing.md) says the forge
            // does not know, and which cached items came from it (an open one fresh enough
            // answers a reference; the resolver's own open items are re-read after
            // re-derivation as before). Not derived: a rebuilt backlog is settled from them again.
            try db.execute(sql: """
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
                """)
        }
        return migrator
    }()
}
