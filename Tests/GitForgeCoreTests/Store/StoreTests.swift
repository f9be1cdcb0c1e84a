import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

struct StoreTests {
    /// Private under the usual umask 022 too (which alone would give 0755/0644). The umask 000
    /// case runs the CLI in a child (SecurityTests): umask is process-wide, and the tests running
    /// beside this one in the same process would create their files under it.
    @Test func storeIsPrivateUnderTheUsualUmask() throws {
        let repo = try GitFixture()
        try repo.commit("x")
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

    @Test func referencesAreReDerivedWhenTheForgeChanges() throws {
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

struct CorruptStoreTests {
    @Test func aCorruptDatabaseIsMovedAsideAndRebuiltFromGit() throws {
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        // Another process wrote the store (an open pool in this process would keep serving its
        // cached pages and hide the damage).
        #expect(try repo.forge("ingest").status == 0)
        let db = repo.path + "/.git/forge/forge.db"
        let garbage = Data(repeating: 0x5A, count: 8192)
        try garbage.write(to: URL(fileURLWithPath: db))
        // Without its WAL, which could still hold intact copies of the pages.
        try? FileManager.default.removeItem(atPath: db + "-wal")
        try? FileManager.default.removeItem(atPath: db + "-shm")
        let store = try openStore(repo)
        let aside = try #require(store.movedAsideCorruptStore)
        #expect(aside.hasPrefix(db + ".corrupt-"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: aside)) == garbage, "kept, never deleted")
        #expect(try ingest(repo) == .init(commits: 1, newCommits: 1, newRefs: 1))
    }

    @Test func twoCorruptStoresMovedAsideInOneSecondAreBothKept() throws {
        // Given a corrupt store moved aside, and another found corrupt in the same second (two
        // hooks at once)
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        #expect(try repo.forge("ingest").status == 0)
        let db = repo.path + "/.git/forge/forge.db"
        var kept: [String: Data] = [:]
        for byte: UInt8 in [0x5A, 0x5B] {
            let garbage = Data(repeating: byte, count: 8192)
            try garbage.write(to: URL(fileURLWithPath: db))
            try? FileManager.default.removeItem(atPath: db + "-wal")
            try? FileManager.default.removeItem(atPath: db + "-shm")
            // When each is moved aside
            let aside = try #require(try openStore(repo).movedAsideCorruptStore)
            kept[aside] = garbage
        }
        // Then each kept copy has a name of its own and its own bytes
        #expect(kept.count == 2)
        for (path, bytes) in kept { #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes, "\(path)") }
    }

    @Test func aStoreAnotherProcessAlreadyReplacedIsNotMovedAside() throws {
        // Given the corrupt file this process failed on, already moved aside by another process,
        // which created a good store in its place
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        #expect(try repo.forge("ingest").status == 0)
        let location = StoreLocation(commonDirectory: repo.path + "/.git")
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: location.database))
        let failed = location.databaseIdentity()
        #expect(rename(location.database, location.database + ".corrupt-by-the-other") == 0)
        #expect(try repo.forge("ingest").status == 0)
        let good = try Data(contentsOf: URL(fileURLWithPath: location.database))
        // When this process gets round to moving aside the file it failed on
        let aside = try location.moveDatabaseAside(ifStill: failed)
        // Then the good store stays where it is
        #expect(aside == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: location.database)) == good)
    }

    @Test func aSymlinkedStoreDirectoryIsRefused() throws {
        // Given .git/forge linked to a directory elsewhere
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        let elsewhere = repo.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/.git/forge", withDestinationPath: elsewhere)
        // When the store is opened, or a resolver would start
        let location = StoreLocation(commonDirectory: repo.path + "/.git")
        #expect(throws: StoreError.unsafeDirectory(path: location.directory, reason: "is a symbolic link")) {
            try openStore(repo)
        }
        #expect(throws: StoreError.self) { try ResolverLock.acquire(location) }
        // Then nothing was written through the link
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test func aSymlinkedFileInTheStoreDirectoryIsRefused() throws {
        // Given a real forge/ that came with the repository, its WAL file a link to a file of the user's
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        _ = try ingest(repo)
        let location = StoreLocation(commonDirectory: repo.path + "/.git")
        let victim = repo.path + "/victim"
        try Data("untouched\n".utf8).write(to: URL(fileURLWithPath: victim))
        try? FileManager.default.removeItem(atPath: location.database + "-wal")
        try FileManager.default.createSymbolicLink(atPath: location.database + "-wal", withDestinationPath: victim)
        // When the store is opened, then it is refused and the file is untouched
        #expect(throws: StoreError.unsafeDirectory(path: location.database + "-wal", reason: "is a symbolic link")) {
            try openStore(repo)
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "untouched\n")
    }

    @Test func anUnwritableStoreDirectoryIsAClearError() throws {
        guard getuid() != 0 else { return } // root ignores permissions; the CLI test covers the message
        let repo = try GitFixture()
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: repo.path + "/.git")
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: repo.path + "/.git") }
        #expect(throws: StoreError.self) { try openStore(repo) }
    }
}
