import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// The forge misbehaving under the real binary, foreground and background, with production's
/// retry policy (first backoff 0.5–1 s, 4 retries): no crash, no tight loop, a bounded number of
/// retries, and a line in `status` and resolver.log that says what happened. The policy's
/// details on other forges and fault mixes are in GitForgeCoreTests/Resolver/ResolverFaultTests.
@Suite struct ForgeFaultTests {
    /// Set by `make stress`: the cases that need the client's 20 s low-speed timeout to fire.
    static let stress = ProcessInfo.processInfo.environment["GIT_FORGE_STRESS"] != nil

    /// The gap before each request for reference `number` after its first (the retries' waits).
    private func retryGaps(_ drain: ForgeDrain, _ number: Int) -> [Duration] {
        let requests = drain.forge.requests
        let hits = requests.indices.filter { requests[$0].path.hasPrefix("/repos/o/r/issues/\(number)") }
        return hits.dropFirst().map { requests[$0 - 1].receivedAt.duration(to: requests[$0].receivedAt) }
    }

    private func fetches(_ drain: ForgeDrain, _ number: Int) -> Int {
        drain.itemFetches.filter { $0 == number }.count
    }

    @Test func transientFaultsInTheForegroundAreRetriedOnceEach() throws {
        // Given: one fault on each of eight references' first request, two resets on a ninth.
        let drain = try ForgeDrain(count: 10, paceMs: 20)
        let retried: [(Int, FakeForgeFault)] = [
            (1001, .status(500)), (2001, .status(502)), (3001, .status(503)),
            (5001, .truncated), (6001, .malformedJSON), (7001, .wrongShape),
        ]
        for (number, fault) in retried { drain.forge.inject(fault, pathContains: "/issues/\(number)") }
        drain.forge.inject(.reset, times: 2, pathContains: "/issues/4001")
        drain.forge.inject(.drip(bytesPerChunk: 64, interval: .milliseconds(5)), pathContains: "/issues/8001")
        drain.forge.inject(.slow(.milliseconds(400)), pathContains: "/issues/9001")

        // When
        let out = try drain.repo.forge("sync", "--foreground")

        // Then: everything resolved; each failed request retried exactly once, after a backoff;
        // the slow and dripped answers taken as they came; never closer than the pacing floor.
        #expect(out.status == 0, "\(out.stderr)")
        // 10 references, and apart from them the one commit asked about (which pull request it belongs to).
        #expect(out.stdout.hasPrefix("Resolved 10 references, 1 commit asked in "), "\(out.stdout)")
        #expect(try drain.resolved() == Set(drain.numbers))
        for (number, fault) in retried {
            #expect(fetches(drain, number) == 2, "\(fault)")
            #expect(retryGaps(drain, number).allSatisfy { $0 >= .milliseconds(500) }, "\(fault): \(retryGaps(drain, number))")
        }
        #expect(fetches(drain, 8001) == 1 && fetches(drain, 9001) == 1)
        // A reset on a reused keep-alive connection is repeated at once by libcurl itself, on a
        // fresh connection (once: the fresh one is not retried); the resolver's own retry of
        // the second reset waits its backoff.
        #expect(fetches(drain, 4001) == 3)
        #expect(retryGaps(drain, 4001).last.map { $0 >= .milliseconds(500) } == true, "\(retryGaps(drain, 4001))")
        #expect(drain.itemFetches.count == 10 + retried.count + 2)
        let requests = drain.forge.requests
        let curlRepeat = requests.indices.dropFirst().filter {
            requests[$0].path.hasPrefix("/repos/o/r/issues/4001") && requests[$0 - 1].path.hasPrefix("/repos/o/r/issues/4001")
                && requests[$0].connectionID != requests[$0 - 1].connectionID
                && requests[$0 - 1].receivedAt.duration(to: requests[$0].receivedAt) < .milliseconds(20)
        }
        #expect(curlRepeat.count <= 1)
        let paced = drain.gaps.enumerated().filter { !curlRepeat.contains($0.offset + 1) }.map(\.element)
        #expect(paced.allSatisfy { $0 >= .milliseconds(20) }, "\(paced.min() ?? .zero)")
        let run = try drain.lastRun()
        #expect(run["outcome"] as? String == "completed")
        #expect(run["error"] is NSNull)
    }

    @Test func rateLimitsAreWaitedOutByTheBackgroundResolver() throws {
        // Given: 429 Retry-After 1, GitHub's 403 secondary limit with Retry-After 1, and the
        // primary quota exhausted until the next second.
        let drain = try ForgeDrain(count: 4, paceMs: 20)
        drain.forge.inject(.tooManyRequests(retryAfter: 1), pathContains: "/issues/1001")
        drain.forge.inject(.secondaryLimit(retryAfter: 1), pathContains: "/issues/2001")
        drain.forge.inject(.exhausted(resetIn: 1), pathContains: "/issues/3001")

        // When
        let out = try drain.repo.forge("sync")
        #expect(out.status == 0 && out.stdout.hasPrefix("Resolver started in the background"), "\(out.stdout)\(out.stderr)")
        try drain.repo.waitForLog("resolver exiting")

        // Then: each limited request asked again once, never before the forge said.
        #expect(try drain.resolved() == Set(drain.numbers))
        for number in [1001, 2001, 3001] {
            #expect(fetches(drain, number) == 2)
            #expect(retryGaps(drain, number).allSatisfy { $0 >= .seconds(1) }, "\(number): \(retryGaps(drain, number))")
        }
        #expect(drain.gaps.allSatisfy { $0 >= .milliseconds(20) })
        #expect(drain.repo.log.firstMatch(of: /run 1 completed: 4 of 4 resolved, 8 requests\n/) != nil, "\(drain.repo.log)")
        #expect(try drain.lastRun()["outcome"] as? String == "completed")
    }

    @Test func aLongRateLimitEndsTheRunWithAClearLineAndTheRestartWaits() throws {
        // Given: the quota is gone for an hour.
        let drain = try ForgeDrain(count: 3, paceMs: 0)
        drain.forge.inject(.exhausted(resetIn: 3600))

        // When: a foreground run, then a background one.
        let out = try drain.repo.forge("sync", "--foreground")
        let asked = drain.forge.requests.count
        let text = try drain.repo.forge("status")
        let background = try drain.repo.forge("sync")
        try drain.repo.waitForLog("resolver exiting")

        // Then: one request, a clear error, and the restart does not ask before the reset.
        #expect(out.status == 1)
        #expect(out.stderr.firstMatch(of: /^error: rate limited until \d{4}-\d\d-\d\dT[\d:]+Z \(HTTP 403, quota reset \d+\); what was resolved is saved\n$/) != nil,
                "\(out.stderr)")
        #expect(asked == 1)
        #expect(text.stdout.contains("Last run: rateLimited at "), "\(text.stdout)")
        #expect(text.stdout.contains(": rate limited until "), "\(text.stdout)")
        #expect(background.status == 0)
        #expect(drain.forge.requests.count == 1, "the restart asked before the reset")
        #expect(drain.repo.log.firstMatch(of: /run \d+ rateLimited: 0 of 3 resolved, 0 requests; error: rate limited until [\dT:Z-]+ \(the forge asked to wait until/) != nil,
                "\(drain.repo.log)")
        let run = try drain.lastRun()
        #expect(run["outcome"] as? String == "rateLimited")
        #expect((run["error"] as? String)?.hasPrefix("rate limited until ") == true)
        #expect(try drain.refStatuses().values.allSatisfy { $0 == ["pending"] })
    }

    @Test func aFaultThatPersistsIsGivenUpAfterFourRetries() throws {
        // Given: every answer for one reference is broken, five different ways.
        let drain = try ForgeDrain(count: 2, paceMs: 0)
        for fault in [FakeForgeFault.status(500), .status(502), .status(503), .wrongShape, .status(500), .status(500)] {
            drain.forge.inject(fault, pathContains: "/issues/1001")
        }

        // When
        let out = try drain.repo.forge("sync")
        #expect(out.status == 0)
        try drain.repo.waitForLog("resolver exiting", timeout: 40)

        // Then: five attempts, each wait about double the one before, then the run ends failed,
        // saying why, in the log and in status; the reference is not retried for 10 minutes.
        #expect(fetches(drain, 1001) == 5)
        let waits = retryGaps(drain, 1001)
        #expect(waits.count == 4)
        for (index, wait) in waits.enumerated() {
            #expect(wait >= .milliseconds(500 << index), "retry \(index + 1) after \(wait)")
        }
        let reason = /HTTP 500 from GET http:\/\/127\.0\.0\.1:\d+\/repos\/o\/r\/issues\/1001 \(gave up after 5 attempts\)/
        #expect(drain.repo.log.firstMatch(of: reason) != nil, "\(drain.repo.log)")
        #expect(drain.repo.log.contains("failed: "), "\(drain.repo.log)")
        let run = try drain.lastRun()
        #expect(run["outcome"] as? String == "failed")
        #expect((run["error"] as? String)?.firstMatch(of: reason) != nil, "\(run)")
        #expect(try drain.refStatuses()[1001] == ["pending"])
    }

    @Test(.enabled(if: ForgeFaultTests.stress))
    func aHungOrTooSlowAnswerTimesOutAndIsRetried() throws {
        // Given: one answer never starts, another drips at 10 bytes a second (curl's floor is
        // 1 KB/s over 20 s).
        let drain = try ForgeDrain(count: 3, paceMs: 0)
        drain.forge.inject(.slow(.seconds(40)), pathContains: "/issues/1001")
        drain.forge.inject(.drip(bytesPerChunk: 1, interval: .milliseconds(100)), pathContains: "/issues/2001")

        // When
        let out = try drain.repo.forge("sync", "--foreground")

        // Then: each given up by the client after the low-speed window, then asked again once.
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try drain.resolved() == Set(drain.numbers))
        for number in [1001, 2001] {
            #expect(fetches(drain, number) == 2)
            #expect(retryGaps(drain, number).allSatisfy { $0 >= .seconds(20) }, "\(number): \(retryGaps(drain, number))")
        }
    }
}
