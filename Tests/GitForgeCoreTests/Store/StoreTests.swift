import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

struct StoreTests {
    @Test func storeIsPrivateWhateverTheUmask() throws {
        let repo = try GitFixture()
        try repo.commit("x")
        let old = umask(0)
        defer { umask(old) }
        _ = try ingest(repo)
        let dir = repo.path + "/.git/forge"
        let attrs = try FileManager.default.attributesOfItem(atPath: dir)
        #expect((attrs[.posixPermissions] as? Int) == 0o700)
        for file in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let mode = try FileManager.default.attributesOfItem(atPath: dir + "/" + file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
    }

    @Test func refusesAStoreFromANewerVersion() throws {
        let repo = try GitFixture()
        try repo.commit("x")
        _ = try ingest(repo)
        let db = try DatabaseQueue(path: repo.path + "/.git/forge/forge.db")
        try db.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future')") }
        #expect(throws: StoreError.newerSchema(path: repo.path + "/.git/forge/forge.db")) {
            try openStore(repo)
        }
        // Nothing was dropped.
        let events = try db.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM eventlog") }
        #expect(events == 1)
    }

    @Test func aClosedStoreHoldsEverythingInTheDatabaseFile() throws {
        // Given an ingest whose store has been closed (the bulk write uses its own page cache)
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        _ = try ingest(repo)
        // Then the WAL was checkpointed: the database file alone has the event.
        let copy = repo.root.deletingLastPathComponent().appendingPathComponent("copy.db").path
        try FileManager.default.copyItem(atPath: repo.path + "/.git/forge/forge.db", toPath: copy)
        let events = try DatabaseQueue(path: copy).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM eventlog") }
        #expect(events == 1)
        try repo.commit("two (#2)")
        #expect(try ingest(repo).newCommits == 1)
    }

    @Test func lostDerivedTablesAreRebuiltFromTheEventlog() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r")
        try repo.commit("one (#1)")
        try repo.commit("two #2 #3")
        _ = try ingest(repo)
        let before = try openStore(repo).backlog()
        let db = try DatabaseQueue(path: repo.path + "/.git/forge/forge.db")
        try db.write { try $0.execute(sql: "DROP TABLE forge_refs; DROP TABLE commit_refs") }
        #expect(try ingest(repo).newCommits == 0)
        #expect(try openStore(repo).backlog() == before)
    }

    @Test(.disabled("enabled with the reference parser")) func referencesAreReDerivedWhenTheForgeChanges() throws {
        let repo = try GitFixture()
        try repo.commit("Merge branch 'x' into 'main'\n\nSee merge request group/proj!7\n\nCloses #5")
        _ = try ingest(repo)
        #expect(try openStore(repo).backlog().allSatisfy { $0.hasPrefix(" any") || $0.hasPrefix("group/proj any") })
        try repo.git("remote", "add", "origin", "git@gitlab.com:group/proj.git")
        _ = try ingest(repo)
        let backlog = try openStore(repo).backlog()
        #expect(backlog.contains("group/proj issue 5"))
        #expect(!backlog.contains { $0.contains(" any ") })
    }
}
