import GRDB

/// The schema's history. A migration never changes once shipped: a later schema is a new entry.
/// The derived tables (`forge_refs`, `commit_refs`) can be dropped and rebuilt from the eventlog at
/// any time (`DerivedTables` holds their current DDL for that); each migration spells out the DDL
/// it shipped with, so a later change to `DerivedTables` never changes what an old step did.
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
                CREATE TABLE IF NOT EXISTS forge_refs (
                    id INTEGER PRIMARY KEY,
                    repo TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    number INTEGER NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending',
                    first_sha TEXT NOT NULL,
                    mentioned_at INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER,
                    last_error TEXT,
                    resolved_at INTEGER,
                    UNIQUE(repo, kind, number)
                );
                CREATE INDEX IF NOT EXISTS forge_refs_backlog ON forge_refs(status, mentioned_at DESC);
                CREATE TABLE IF NOT EXISTS commit_refs (
                    sha TEXT NOT NULL,
                    ref_id INTEGER NOT NULL,
                    relation TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    PRIMARY KEY (sha, ref_id)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS commit_refs_ref ON commit_refs(ref_id);
                """)
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
        migrator.registerMigration("v8-derived-checks") { db in
            // The backlog's status and kind and a link's relation and kind accept only their
            // spellings (`BacklogStatus`, `ReferenceKind`, `ReferenceRelation`). SQLite adds a CHECK
            // only by rebuilding the table: copied in place with ids kept (`commit_refs.ref_id`
            // points at them), so the resolved cache survives. A row no spelling fits could only
            // come from a hand edit; it is left out (the eventlog derives it again).
            let present = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('forge_refs', 'commit_refs')
                """) ?? 0
            guard present == 2 else {
                // Lost by hand: the next ingest derives both again, with the checks.
                try db.execute(sql: "DROP TABLE IF EXISTS forge_refs; DROP TABLE IF EXISTS commit_refs")
                return
            }
            try db.execute(sql: """
                DROP INDEX IF EXISTS forge_refs_backlog;
                DROP INDEX IF EXISTS commit_refs_ref;
                ALTER TABLE forge_refs RENAME TO forge_refs_v6;
                ALTER TABLE commit_refs RENAME TO commit_refs_v6;
                CREATE TABLE forge_refs (
                    id INTEGER PRIMARY KEY,
                    repo TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('any', 'pull', 'issue')),
                    number INTEGER NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'resolved', 'notFound', 'failed')),
                    first_sha TEXT NOT NULL,
                    mentioned_at INTEGER NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at INTEGER,
                    last_error TEXT,
                    resolved_at INTEGER,
                    UNIQUE(repo, kind, number)
                );
                CREATE TABLE commit_refs (
                    sha TEXT NOT NULL,
                    ref_id INTEGER NOT NULL,
                    relation TEXT NOT NULL CHECK (relation IN ('mergedIn', 'closes', 'mentions')),
                    kind TEXT NOT NULL CHECK (kind IN ('any', 'pull', 'issue')),
                    PRIMARY KEY (sha, ref_id)
                ) WITHOUT ROWID;
                INSERT INTO forge_refs(id, repo, kind, number, status, first_sha, mentioned_at, attempts,
                                       next_attempt_at, last_error, resolved_at)
                    SELECT id, repo, kind, number, status, first_sha, mentioned_at, attempts,
                           next_attempt_at, last_error, resolved_at FROM forge_refs_v6
                    WHERE kind IN ('any', 'pull', 'issue') AND status IN ('pending', 'resolved', 'notFound', 'failed');
                INSERT INTO commit_refs(sha, ref_id, relation, kind)
                    SELECT sha, ref_id, relation, kind FROM commit_refs_v6
                    WHERE relation IN ('mergedIn', 'closes', 'mentions') AND kind IN ('any', 'pull', 'issue');
                DROP TABLE forge_refs_v6;
                DROP TABLE commit_refs_v6;
                CREATE INDEX forge_refs_backlog ON forge_refs(status, mentioned_at DESC);
                CREATE INDEX commit_refs_ref ON commit_refs(ref_id);
                """)
        }
        migrator.registerMigration(CompactMigration.name) { db in
            // Object ids as 20-byte blobs where they are keys, and a binary `git.commit` payload:
            // 658 bytes a commit became 250 (bench/scale.sh, 25,000 commits). Tables converted in place.
            try CompactMigration.migrate(db)
        }
        migrator.registerMigration("v10-backlog-counts") { db in
            // `status` counted the backlog by status with a `GROUP BY` over every reference, and
            // its deferred ones by reading every pending row: O(history), 51 ms at a million
            // commits. Counters kept by triggers, filled once here from the rows, and a partial
            // index holding only rows put off (`next_attempt_at` set) make both O(1)/O(deferred);
            // `status` leads it so the planner prefers it to `forge_refs_backlog(status, …)`.
            let present = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('forge_refs', 'commit_refs')
                """) ?? 0
            guard present == 2 else {
                // Lost by hand: the next ingest derives them again, with the counters.
                try db.execute(sql: "DROP TABLE IF EXISTS forge_refs; DROP TABLE IF EXISTS commit_refs")
                return
            }
            try db.execute(sql: """
                CREATE INDEX forge_refs_deferred ON forge_refs(status, next_attempt_at)
                    WHERE next_attempt_at IS NOT NULL;
                CREATE TABLE forge_ref_counts (
                    status TEXT PRIMARY KEY NOT NULL,
                    n INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO forge_ref_counts(status, n) SELECT status, count(*) FROM forge_refs GROUP BY status;
                INSERT OR IGNORE INTO forge_ref_counts(status, n)
                    VALUES ('pending', 0), ('resolved', 0), ('notFound', 0), ('failed', 0);
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
        return migrator
    }()
}
