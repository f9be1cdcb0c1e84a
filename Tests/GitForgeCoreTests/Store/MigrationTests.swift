import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

struct MigrationTests {
    /// A store as the version before `v8-derived-checks` left it, with a resolved backlog row,
    /// its link, and a row no spelling fits (a hand edit).
    private func oldStore(_ repo: GitFixture) throws -> String {
        let dir = repo.path + "/.git/forge"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let path = dir + "/forge.db"
        let queue = try DatabaseQueue(path: path)
        try Migrations.migrator.migrate(queue, upTo: "v6-commit-pulls-by-pull")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO forge_refs(id, repo, kind, number, status, first_sha, mentioned_at, attempts, resolved_at)
                    VALUES (7, 'o/r', 'any', 1, 'resolved', 'abc', 100, 2, 200),
                           (8, 'o/r', 'any', 2, 'weird', 'abc', 100, 0, NULL);
                INSERT INTO commit_refs(sha, ref_id, relation, kind) VALUES ('abc', 7, 'closes', 'issue');
                """)
        }
        try queue.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    @Test func anOldStoreKeepsItsResolvedBacklogAndGainsTheChecks() throws {
        // Given a store from before the checks
        let repo = try GitFixture()
        let path = try oldStore(repo)
        // When a current git forge opens it
        let store = try openStore(repo)
        // Then the resolved row and its link are kept, ids and all, and the unspellable row is gone
        let rows = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, status, attempts, resolved_at FROM forge_refs ORDER BY id")
                .map { "\($0["id"] as Int) \($0["status"] as String) \($0["attempts"] as Int) \($0["resolved_at"] as Int? ?? -1)" }
        }
        #expect(rows == ["7 resolved 2 200"])
        let links = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT sha, ref_id, relation, kind FROM commit_refs")
                .map { "\($0["sha"] as String) \($0["ref_id"] as Int) \($0["relation"] as String) \($0["kind"] as String)" }
        }
        #expect(links == ["abc 7 closes issue"])
        // and a value outside the vocabulary is refused
        for bad in [
            "INSERT INTO forge_refs(repo, kind, number, status, first_sha, mentioned_at) VALUES ('o/r', 'any', 3, 'done', '', 0)",
            "INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at) VALUES ('o/r', 'pr', 3, '', 0)",
            "INSERT INTO commit_refs(sha, ref_id, relation, kind) VALUES ('abc', 7, 'fixes', 'issue')",
            "INSERT INTO commit_refs(sha, ref_id, relation, kind) VALUES ('def', 7, 'closes', 'mr')",
        ] {
            #expect(throws: DatabaseError.self, "\(bad)") { try store.writer.write { try $0.execute(sql: bad) } }
        }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    /// Re-derivation recreates the tables from `DerivedTables`; the migration spelt the same
    /// schema out by hand. They must not drift apart.
    @Test func reDerivedTablesHaveTheMigratedSchema() throws {
        let repo = try GitFixture()
        _ = try oldStore(repo)
        let store = try openStore(repo)
        func schema() throws -> [String] {
            try store.writer.read { db in
                try String.fetchAll(db, sql: """
                    SELECT sql FROM sqlite_master WHERE tbl_name IN ('forge_refs', 'commit_refs', 'forge_ref_counts')
                        AND sql IS NOT NULL
                    ORDER BY name
                    """)
            }.map { $0.replacingOccurrences(of: "IF NOT EXISTS ", with: "")
                .split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        }
        let migrated = try schema()
        try store.writer.write { db in
            try DerivedTables.drop(db)
            try DerivedTables.create(db)
        }
        #expect(try schema() == migrated)
        // Two tables and three indexes, the counters' table and its three triggers.
        #expect(migrated.count == 9)
    }

    /// `v10-backlog-counts` counts an existing backlog in place, and its triggers keep counting.
    @Test func anExistingBacklogGainsCountersThatKeepCounting() throws {
        let repo = try GitFixture()
        let dir = repo.path + "/.git/forge"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let queue = try DatabaseQueue(path: dir + "/forge.db")
        try Migrations.migrator.migrate(queue, upTo: "v8-derived-checks")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO forge_refs(id, repo, kind, number, status, first_sha, mentioned_at, next_attempt_at)
                    VALUES (1, 'o/r', 'any', 1, 'pending', 'a', 1, NULL), (2, 'o/r', 'any', 2, 'pending', 'a', 1, 4102444800),
                           (3, 'o/r', 'any', 3, 'pending', 'a', 1, NULL), (4, 'o/r', 'any', 4, 'resolved', 'a', 1, NULL),
                           (5, 'o/r', 'any', 5, 'resolved', 'a', 1, NULL), (6, 'o/r', 'any', 6, 'notFound', 'a', 1, NULL),
                           (7, 'o/r', 'any', 7, 'failed', 'a', 1, 100);
                """)
        }
        try queue.close()
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: dir + "/forge.db")
        let store = try openStore(repo)
        #expect(try store.counts() == StoreCounts(commits: 0, pending: 3, resolved: 2, notFound: 1, unreadable: 1))
        #expect(try store.deferredReferences(now: Date(timeIntervalSince1970: 1_000))?.count == 1)
        try store.writer.write { db in
            try db.execute(sql: """
                UPDATE forge_refs SET status = 'resolved' WHERE id IN (1, 7);
                UPDATE forge_refs SET attempts = 3 WHERE id = 2;
                DELETE FROM forge_refs WHERE id = 6;
                INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at) VALUES ('o/r', 'any', 8, 'b', 2);
                """)
        }
        #expect(try store.counts() == StoreCounts(commits: 0, pending: 3, resolved: 4, notFound: 0, unreadable: 0))
    }
}
