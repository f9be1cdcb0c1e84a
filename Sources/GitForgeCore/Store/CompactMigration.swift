import Foundation
import GRDB

/// Migration `v9-compact`: object ids that are keys become their 20 bytes (`StoredID`), and each
/// `git.commit` payload the binary encoding (`CommitEvent`, `CommitPayloadReader`) instead of
/// JSON. Every table is rebuilt in place with its rows, so the resolved cache (backlog statuses,
/// associations, commit checks) and every event's `seq` (which `meta` watermarks point at) are
/// kept. A payload that was not readable JSON stays as it was: readers still pass over it.
///
/// SQLite here (3.40) has no `unhex()`: ids are converted by a function registered for this
/// migration only, and payloads in Swift from the fields SQLite's JSON operators pick out.
enum CompactMigration {
    static let name = "v9-compact"

    /// Whether opening the store at `writer` will run this migration (then followed by a VACUUM).
    static func isPending(_ writer: DatabaseQueue) throws -> Bool {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE name = 'grdb_migrations'") != nil
                && Bool.fetchOne(db, sql: "SELECT 1 FROM grdb_migrations WHERE identifier = ?", arguments: [name]) == nil
        }
    }

    static func migrate(_ db: Database) throws {
        let toID = DatabaseFunction("forge_v9_id", argumentCount: 1, pure: true) { values in
            Self.storedID(values[0])
        }
        db.add(function: toID)
        defer { db.remove(function: toID) }
        try eventlog(db)
        try derived(db)
        try db.execute(sql: """
            DROP INDEX IF EXISTS commit_pulls_pull;
            ALTER TABLE commit_pulls RENAME TO commit_pulls_v8;
            CREATE TABLE commit_pulls (
                sha BLOB NOT NULL,
                repo TEXT NOT NULL,
                number INTEGER NOT NULL,
                via TEXT NOT NULL CHECK (via IN ('merge', 'forge')),
                PRIMARY KEY (sha, repo, number)
            ) WITHOUT ROWID;
            INSERT OR IGNORE INTO commit_pulls(sha, repo, number, via)
                SELECT forge_v9_id(sha), repo, number, via FROM commit_pulls_v8;
            DROP TABLE commit_pulls_v8;
            CREATE INDEX commit_pulls_pull ON commit_pulls(repo, number);
            ALTER TABLE forge_commit_checks RENAME TO forge_commit_checks_v8;
            CREATE TABLE forge_commit_checks (
                sha BLOB PRIMARY KEY NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('found', 'none', 'unknown')),
                checked_at INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT OR IGNORE INTO forge_commit_checks(sha, status, checked_at)
                SELECT forge_v9_id(sha), status, checked_at FROM forge_commit_checks_v8;
            DROP TABLE forge_commit_checks_v8;
            """)
    }

    /// 40 hex digits → their 20 bytes; `''` (a `--fetch`ed number's `first_sha`) → the empty
    /// blob; anything else as it was (`StoredID`).
    private static func storedID(_ value: DatabaseValue) -> (any DatabaseValueConvertible)? {
        guard case .string(let text) = value.storage else { return value }
        if text.isEmpty { return Data() }
        return ObjectID(hex: text).map { id in id.withBytes { Data($0) } } ?? text
    }

    /// The eventlog, rebuilt with every `seq` kept; the AUTOINCREMENT high-water mark too.
    private static func eventlog(_ db: Database) throws {
        let sequence = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'eventlog'") ?? 0
        try db.execute(sql: """
            DROP INDEX IF EXISTS eventlog_source;
            ALTER TABLE eventlog RENAME TO eventlog_v8;
            CREATE TABLE eventlog (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                type TEXT NOT NULL,
                source_id BLOB NOT NULL,
                timestamp INTEGER NOT NULL,
                recorded_at INTEGER NOT NULL,
                payload BLOB NOT NULL
            );
            """)
        // `->>` fails the whole query on malformed JSON: each field is read only from a valid one.
        func field(_ path: String) -> String { "CASE WHEN ok THEN payload ->> '\(path)' END" }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT seq, type, forge_v9_id(source_id), timestamp, recorded_at, payload, ok,
                   CASE WHEN ok THEN (SELECT group_concat(value, ' ') FROM json_each(payload, '$.parents')) END,
                   \(field("$.author.name")), \(field("$.author.email")), \(field("$.author.date")),
                   \(field("$.author.time")), \(field("$.committer.name")), \(field("$.committer.email")),
                   \(field("$.committer.date")), \(field("$.encoding")), \(field("$.subject")), \(field("$.body"))
            FROM (SELECT *, type = '\(CommitEvent.type)' AND json_valid(payload) AS ok FROM eventlog_v8) ORDER BY seq
            """)
        let insert = try db.makeStatement(sql: """
            INSERT INTO eventlog(seq, type, source_id, timestamp, recorded_at, payload) VALUES (?, ?, ?, ?, ?, ?)
            """)
        while let row = try rows.next() {
            let time: Int64 = row[3]
            var payload = row[5] as DatabaseValue
            if row[6] as Bool? == true, let converted = binary(row, committerTime: time) {
                payload = Data(converted).databaseValue
            }
            try insert.execute(arguments: [row[0], row[1], row[2] as DatabaseValue, time, row[4], payload])
        }
        try db.execute(sql: "DROP TABLE eventlog_v8")
        try db.execute(sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'eventlog'", arguments: [sequence])
        if sequence > 0, db.changesCount == 0 {
            try db.execute(sql: "INSERT INTO sqlite_sequence(name, seq) VALUES ('eventlog', ?)", arguments: [sequence])
        }
        try db.execute(sql: "CREATE UNIQUE INDEX eventlog_source ON eventlog(type, source_id)")
    }

    /// The JSON fields of `row` (from column 7) as a binary payload; nil when one is missing.
    private static func binary(_ row: Row, committerTime: Int64) -> [UInt8]? {
        let parents = (row[7] as String?)?.split(separator: " ").map(String.init) ?? []
        guard let name: String = row[8], let email: String = row[9], let date: String = row[10],
              let authorTime: Int64 = row[11], let committerName: String = row[12],
              let committerEmail: String = row[13], let committerDate: String = row[14],
              let subject: String = row[16], let body: String = row[17] else { return nil }
        let payload = CommitPayload(
            sha: "", parents: parents,
            author: .init(name: name, email: email, date: date, time: authorTime),
            committer: .init(name: committerName, email: committerEmail, date: committerDate, time: committerTime),
            encoding: row[15], subject: subject, body: body)
        return CommitEvent.payload(payload)
    }

    /// `forge_refs.first_sha` and `commit_refs.sha`, with the tables' ids (`commit_refs.ref_id`
    /// points at them) and statuses kept. Missing derived tables are left missing: the next
    /// ingest derives them.
    private static func derived(_ db: Database) throws {
        let present = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('forge_refs', 'commit_refs')
            """) ?? 0
        guard present == 2 else {
            try db.execute(sql: "DROP TABLE IF EXISTS forge_refs; DROP TABLE IF EXISTS commit_refs")
            return
        }
        try db.execute(sql: """
            DROP INDEX IF EXISTS forge_refs_backlog;
            DROP INDEX IF EXISTS commit_refs_ref;
            ALTER TABLE forge_refs RENAME TO forge_refs_v8;
            ALTER TABLE commit_refs RENAME TO commit_refs_v8;
            CREATE TABLE forge_refs (
                id INTEGER PRIMARY KEY,
                repo TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('any', 'pull', 'issue')),
                number INTEGER NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'resolved', 'notFound', 'failed')),
                first_sha BLOB NOT NULL,
                mentioned_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,
                last_error TEXT,
                resolved_at INTEGER,
                UNIQUE(repo, kind, number)
            );
            CREATE TABLE commit_refs (
                sha BLOB NOT NULL,
                ref_id INTEGER NOT NULL,
                relation TEXT NOT NULL CHECK (relation IN ('mergedIn', 'closes', 'mentions')),
                kind TEXT NOT NULL CHECK (kind IN ('any', 'pull', 'issue')),
                PRIMARY KEY (sha, ref_id)
            ) WITHOUT ROWID;
            INSERT INTO forge_refs(id, repo, kind, number, status, first_sha, mentioned_at, attempts,
                                   next_attempt_at, last_error, resolved_at)
                SELECT id, repo, kind, number, status, forge_v9_id(first_sha), mentioned_at, attempts,
                       next_attempt_at, last_error, resolved_at FROM forge_refs_v8;
            INSERT OR IGNORE INTO commit_refs(sha, ref_id, relation, kind)
                SELECT forge_v9_id(sha), ref_id, relation, kind FROM commit_refs_v8;
            DROP TABLE forge_refs_v8;
            DROP TABLE commit_refs_v8;
            CREATE INDEX forge_refs_backlog ON forge_refs(status, mentioned_at DESC);
            CREATE INDEX commit_refs_ref ON commit_refs(ref_id);
            """)
    }
}
