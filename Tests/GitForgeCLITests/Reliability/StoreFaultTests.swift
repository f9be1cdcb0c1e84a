import Foundation
import GRDB
import Testing
import GitForgeCore
import GitForgeTestSupport

/// Faults without a forge: a read-only or full store, a corrupt database, the network gone.
/// Each gives one clear line and exit 1 (or a warning and a rebuilt store), git keeps working,
/// and nothing is lost once the fault is gone.
@Suite struct StoreFaultTests {
    private func repo() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        // No forge answers here (a refused loopback port), as on a machine that is offline.
        try repo.git("config", "forge.apiUrl", "http://127.0.0.1:1")
        try repo.git("config", "forge.paceMs", "0")
        try repo.commit("one (#1)")
        return repo
    }

    /// Every commit git has is in the eventlog exactly once.
    private func expectNothingLost(_ repo: GitFixture) throws {
        let expected = Int(try repo.git("rev-list", "--all", "--count"))
        let (events, distinct) = try repo.database().read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM eventlog WHERE type = 'git.commit'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT source_id) FROM eventlog") ?? -1)
        }
        #expect(events == expected && distinct == expected)
    }

    @Test(.enabled(if: Reliability.canMount, "needs root to mount over the store"))
    func readOnlyStoreIsAClearErrorAndGitKeepsWorking() throws {
        let repo = try repo()
        #expect(try repo.install().status == 0)
        try repo.settle()
        try Reliability.bindReadOnly(repo.forgeDirectory)
        defer { Reliability.unmount(repo.forgeDirectory) }
        for command in ["ingest", "status"] {
            let out = try repo.forge(command)
            #expect(out.status == 1)
            #expect(out.stderr == "error: cannot write '\(repo.forgeDirectory)': Read-only file system\n")
        }
        // The hook cannot even log: it stays silent and git's commit succeeds.
        let commit = try repo.run("/usr/bin/git", ["commit", "-q", "--allow-empty", "-m", "while read-only #2"],
                                  env: ["PATH": forgePATH])
        #expect(commit.status == 0 && commit.stderr.isEmpty && commit.stdout.isEmpty)
        try repo.settle()
        Reliability.unmount(repo.forgeDirectory)
        #expect(try repo.forge("ingest").status == 0)
        try expectNothingLost(repo)
    }

    @Test(.enabled(if: Reliability.canMount, "needs root to mount a small tmpfs"))
    func fullDiskIsAClearErrorAndNothingIsLost() throws {
        let repo = try repo()
        try Reliability.mountTmpfs(repo.forgeDirectory, kilobytes: 400)
        defer { Reliability.unmount(repo.forgeDirectory) }
        #expect(try repo.forge("ingest").status == 0)
        let filler = String(repeating: "0123456789abcdef", count: 1800)
        for i in 0..<40 { try repo.commit("big \(i) #\(i + 10)\n\n\(filler)\(i)") }
        let full = try repo.forge("ingest")
        #expect(full.status == 1)
        #expect(full.stderr == "error: cannot write the store '\(repo.forgeDirectory)/forge.db': the disk is full; "
            + "free some space and run the command again (nothing is lost: what was not saved is read again from git)\n")
        // Readers still answer from what was saved.
        #expect(try repo.forge("show", "HEAD~40").status == 0)
        #expect(try repo.forge("status").status == 0)
        try Reliability.remount(repo.forgeDirectory, options: "size=16m")
        #expect(try repo.forge("ingest").status == 0)
        try expectNothingLost(repo)
        #expect(try repo.statusJSON()["refs"] as? [String: Int] == ["pending": 41, "resolved": 0, "failed": 0, "notFound": 0, "unreadable": 0, "deferred": 0])
    }

    @Test func corruptDatabaseIsMovedAsideWithAWarningAndRebuilt() throws {
        let repo = try repo()
        try repo.commit("two #2")
        #expect(try repo.forge("ingest").status == 0)
        let db = repo.forgeDirectory + "/forge.db"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: db))
        let out = try repo.forge("ingest")
        #expect(out.status == 0)
        let aside = try #require(try FileManager.default.contentsOfDirectory(atPath: repo.forgeDirectory)
            .first { $0.hasPrefix("forge.db.corrupt-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") })
        #expect(out.stderr == "warning: the store was corrupt; it was moved to '\(repo.forgeDirectory)/\(aside)' and a new "
            + "one started (history is read again from git; 'git forge sync' refetches the forge data)\n")
        #expect(out.stdout == "Ingested 2 new commits (2 in store); 2 new references queued.\n")
        #expect(FileManager.default.contents(atPath: repo.forgeDirectory + "/" + aside) == Data(repeating: 0x5A, count: 8192))
        try expectNothingLost(repo)
    }

    @Test func networkDownHooksStayFastAndShowAnswersFromTheCache() throws {
        let repo = try repo()
        try repo.git("config", "forge.apiUrl", "http://127.0.0.1:1")
        try repo.git("config", "forge.paceMs", "0")
        #expect(try repo.install().status == 0)
        try repo.settle()
        try repo.database().write { db in
            try db.execute(sql: """
                INSERT INTO forge_items(host, repo, kind, number, title, state, url, fetched_at)
                VALUES ('github.com', 'o/r', 'pull', 1, 'Cached while online', 'merged', 'https://github.com/o/r/pull/1', 0);
                UPDATE forge_refs SET status = 'resolved' WHERE number = 1;
                """)
        }
        // The hook itself: hands off and returns, whatever the network does.
        let clock = ContinuousClock()
        var times: [Duration] = []
        for i in 0..<5 {
            try repo.commit("offline \(i) #\(i + 50)")
            times.append(try clock.measure { _ = try repo.forge("hook", "post-commit", env: ["PATH": forgePATH]) })
        }
        // A hook that waited for the resolver would wait out its retries against the dead port
        // (0.5 + 1 + 2 + 4 s of backoff at least). A debug build's hand-off is ~20–30 ms, but with
        // the suite running in parallel on two cores it has taken 130–210 ms: the bounds leave room.
        times.sort()
        #expect(times[2] < .seconds(3), "hook times: \(times)")
        #expect(times[4] < .seconds(5), "hook times: \(times)")
        // show reads beside a resolver that may still be retrying the dead forge.
        let show = try repo.forge("show", "--no-pager", "HEAD~5")
        #expect(show.status == 0)
        #expect(show.stdout.contains("Cached while online"), "\(show.stdout)")
        #expect(try repo.forge("status").status == 0)
        _ = try repo.forge("sync", "--stop")
        try repo.settle()
    }
}
