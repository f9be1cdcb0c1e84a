import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// `kill -9` of a real resolver at random moments of a drain, then a restart, again and again:
/// nothing is lost, nothing is stored twice, and nothing already committed is asked for again.
@Suite struct KillTests {
    /// 20 in `make test` (about 7 s); `make stress` sets GIT_FORGE_KILLS higher.
    static let kills = Int(ProcessInfo.processInfo.environment["GIT_FORGE_KILLS"] ?? "") ?? 20
    /// Answers a round's resolver gets at most: a round resolves about a dozen, but one whose
    /// kill comes late (this thread descheduled on a loaded machine) would resolve more.
    static let roundBudget = 30
    /// Enough that the last kill still lands mid-drain whatever the timing.
    static let references = kills * (roundBudget + 10)
    static let paceMs = 3

    @Test func killNineDuringADrainThenRestart() throws {
        // Given: 800 references, one request each, paced 3 ms apart (a drain of ~4 s).
        let drain = try ForgeDrain(count: Self.references, paceMs: Self.paceMs)
        var checkpoints: [(fetchesSeen: Int, committed: Set<Int>)] = []
        var offsets: [Int] = []
        let start = Date()

        // When: a foreground (even rounds) or background (odd rounds) resolver is killed with
        // SIGKILL 0–60 ms after its first request, then the next one starts.
        for round in 0..<Self.kills {
            let fetchesBefore = drain.itemFetches.count
            drain.forge.hold(after: Self.roundBudget, pathContains: "/repos/o/r/issues/")
            var foreground: Process?
            let pid: Int32
            if round % 2 == 0 {
                foreground = try drain.launch(["sync", "--foreground"])
                pid = foreground!.processIdentifier
            } else {
                let out = try drain.repo.forge("sync")
                let started = out.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) }
                try #require(started != nil, "sync did not start a resolver: \(out.stdout)\(out.stderr)")
                pid = started!
            }
            let deadline = Date().addingTimeInterval(10)
            while drain.itemFetches.count == fetchesBefore && Date() < deadline { usleep(500) }
            let offset = Int.random(in: 0...60)
            offsets.append(offset)
            usleep(UInt32(offset * 1000))
            kill(pid, SIGKILL)
            #expect(waitUntilDead(pid), "round \(round): PID \(pid) survived SIGKILL")
            foreground?.waitUntilExit()
            // The process is dead: what the database holds now is what it had committed.
            checkpoints.append((drain.itemFetches.count, try drain.resolved()))
        }
        drain.forge.releaseHold()
        let restart = try drain.repo.forge("sync", "--foreground")
        let seconds = Date().timeIntervalSince(start)

        // Then: every reference resolved exactly once, none pending, each item cached once.
        #expect(restart.status == 0, "\(restart.stderr)")
        let statuses = try drain.refStatuses()
        #expect(statuses.count == Self.references)
        #expect(statuses.values.allSatisfy { $0 == ["resolved"] }, "\(statuses.filter { $0.value != ["resolved"] })")
        #expect(try drain.cachedNumbers() == drain.numbers)
        #expect(try drain.lastRun()["outcome"] as? String == "completed")
        // Every kill landed mid-drain (the backlog was not yet empty).
        let midDrain = checkpoints.filter { $0.committed.count < Self.references }.count
        #expect(midDrain == Self.kills)
        // Nothing committed before a kill was fetched after it; only the request in flight repeats.
        let fetches = drain.itemFetches
        var committedRefetched = 0
        for (index, checkpoint) in checkpoints.enumerated() {
            let refetched = fetches[checkpoint.fetchesSeen...].filter(checkpoint.committed.contains)
            #expect(refetched.isEmpty, "after kill \(index + 1): refetched committed \(Set(refetched).sorted())")
            committedRefetched += refetched.count
        }
        let repeats = fetches.count - Set(fetches).count
        #expect(Set(fetches) == Set(drain.numbers))
        #expect(repeats <= Self.kills)
        // No request came sooner than the pacing floor after the one before on its connection
        // (across a kill, the server may record the dead process's last request late).
        let requests = drain.forge.requests
        let paced = zip(requests, requests.dropFirst()).filter { $0.connectionID == $1.connectionID }
            .map { $0.receivedAt.duration(to: $1.receivedAt) }
        #expect(paced.count > Self.references / 2 && paced.allSatisfy { $0 >= .milliseconds(Self.paceMs) }, "\(paced.min() ?? .zero)")
        print("kill9: \(Self.kills) kills (offsets \(offsets.min() ?? 0)–\(offsets.max() ?? 0) ms after a round's first request), "
              + "\(midDrain) mid-drain, \(Self.references) references, \(fetches.count) fetches, \(repeats) repeated "
              + "(in flight), \(committedRefetched) committed refetched, \(String(format: "%.1f", seconds)) s")
    }

    /// Issue 5's case: the hooks' background resolver is killed mid-drain, and the next commit's
    /// hook starts a new one that finishes the backlog without asking again for what was saved.
    @Test func killNineOfTheHooksResolverThenACommitFinishesTheDrain() throws {
        let drain = try ForgeDrain(count: 200, paceMs: Self.paceMs)
        drain.forge.hold(after: Self.roundBudget, pathContains: "/repos/o/r/issues/")
        let installed = try drain.repo.install()
        #expect(installed.status == 0, "\(installed.stderr)")
        let started = installed.stdout.firstMatch(of: /PID (\d+)/).flatMap { Int32($0.1) }
        let pid = try #require(started, "install did not start a resolver: \(installed.stdout)")
        let deadline = Date().addingTimeInterval(10)
        while drain.itemFetches.count < 5 && Date() < deadline { usleep(500) }
        kill(pid, SIGKILL)
        #expect(waitUntilDead(pid))
        let fetchesAtKill = drain.itemFetches.count
        let committed = try drain.resolved()
        #expect(committed.count < drain.numbers.count, "the kill landed mid-drain")
        drain.forge.releaseHold()

        try drain.repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "after the kill")
        let finish = Date().addingTimeInterval(30)
        while try drain.resolved().count < drain.numbers.count && Date() < finish { usleep(20_000) }
        try drain.repo.settle()

        #expect(try drain.resolved() == Set(drain.numbers), "no reference lost")
        let refetched = drain.itemFetches[fetchesAtKill...].filter(committed.contains)
        #expect(refetched.isEmpty, "refetched after the kill: \(Set(refetched).sorted())")
        #expect(drain.repo.log.contains("post-commit: ingested 1 new commit"))
    }
}
