import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// The forge misbehaving: every fault ends in a saved, bounded, explained state, never a tight loop.
@Suite(.tags(.network))
struct ResolverFaultTests {
    private func gaps(_ h: ResolverHarness) -> [Duration] {
        let times = h.requests.map(\.receivedAt)
        return zip(times, times.dropFirst()).map { $0.duration(to: $1) }
    }

    @Test(arguments: [FakeForgeFault.status(500), .status(503), .reset, .truncated, .malformedJSON, .slow(.milliseconds(300))])
    func transientFaultsAreRetriedAndResolved(fault: FakeForgeFault) throws {
        let h = try ResolverHarness(.github, numbers: Array(1...5))
        h.forge.inject(fault, times: 2)

        let run = try h.run()

        #expect(run.outcome == .completed)
        let expected = fault == .slow(.milliseconds(300)) ? 1 : 3
        #expect(h.requests.count == expected)
        #expect(try h.statuses().values.allSatisfy { $0 == "resolved" })
        // Backoff: never a retry sooner than the first backoff step's lower bound.
        #expect(gaps(h).allSatisfy { $0 >= .milliseconds(10) })
    }

    @Test(arguments: [FakeForgeFault.tooManyRequests(retryAfter: 1), .secondaryLimit(retryAfter: 1)])
    func retryAfterIsHonoured(fault: FakeForgeFault) throws {
        let h = try ResolverHarness(.github, numbers: [1, 2])
        h.forge.inject(fault)

        let run = try h.run()

        #expect(run.outcome == .completed)
        #expect(h.requests.count == 2)
        #expect(gaps(h)[0] >= .seconds(1))
    }

    @Test func secondaryLimitWithoutRetryAfterAndGraphQLRateLimitedWait() throws {
        let h = try ResolverHarness(.github, numbers: [1, 2])
        h.forge.inject(.secondaryLimit(retryAfter: nil))
        h.forge.inject(.graphQLRateLimited)

        let run = try h.run()

        #expect(run.outcome == .completed)
        #expect(h.requests.count == 3)
        // secondaryLimitWait is 200 ms in the harness, doubled for the second limit in a row.
        #expect(gaps(h)[0] >= .milliseconds(200))
        #expect(gaps(h)[1] >= .milliseconds(400))
    }

    @Test func aLongRateLimitEndsTheRunAndTheDeadlineSurvivesARestart() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...150))
        h.forge.setQuota(remaining: 1, resetIn: 2400)

        // The first batch is answered with remaining 0: the next one would wait 40 minutes.
        let run = try h.run()
        #expect(run.outcome == .rateLimited)
        #expect(run.requests == 1)
        #expect(run.resolved == 100)
        #expect(run.error?.hasPrefix("rate limited until ") == true)

        let again = try h.run()
        #expect(again.outcome == .rateLimited)
        #expect(again.requests == 0)
        #expect(h.requests.count == 1)
        let saved: String? = try h.scalar("SELECT value FROM meta WHERE key = 'resolver.notBefore'")
        let deadline = try #require(saved.flatMap(Double.init))
        #expect(deadline > Date().timeIntervalSince1970 + 2300)
    }

    @Test func aLowQuotaIsSpreadUntilItsReset() throws {
        // Given: 4 requests left for the next 5–6 s (the reset is whole seconds), and 300 numbers
        // (3 GraphQL batches). Spread, the gaps are ~1.3 s; even if the first request goes out 2 s
        // late on a loaded machine they stay over 0.9 s. At the floor they would be ~0.
        let h = try ResolverHarness(.github, numbers: Array(1...300))
        h.forge.setQuota(remaining: 4, resetIn: 6)

        let run = try h.run()

        // Then: the batches go out ~(time to reset) / (requests left) apart, not back to back
        #expect(run.outcome == .completed)
        #expect(h.requests.count >= 3)
        #expect(gaps(h).prefix(2).allSatisfy { $0 >= .milliseconds(400) }, "\(gaps(h))")
    }

    @Test func aQuotaAboveTheThresholdIsNotSpread() throws {
        // Spread, 150 requests over 900 s would be 6 s apart.
        let h = try ResolverHarness(.github, numbers: Array(1...300))
        h.forge.setQuota(remaining: ForgeTransport.spreadBelow + 50, resetIn: 900)

        let run = try h.run()

        #expect(run.outcome == .completed)
        #expect(gaps(h).allSatisfy { $0 < .seconds(3) }, "\(gaps(h))")
    }

    @Test func anExhaustedQuotaOnAnErrorReplyIsWaitedOutWhenShort() throws {
        let h = try ResolverHarness(.github, numbers: [1])
        h.forge.inject(.exhausted(resetIn: 1))
        let run = try h.run()
        #expect(run.outcome == .completed)
        #expect(h.requests.count == 2)
        #expect(gaps(h)[0] >= .seconds(1))
    }

    @Test func persistentFailureIsBoundedAndCountsAnAttempt() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...3))
        h.forge.inject(.status(502), times: 50)
        h.options.maxRetries = 2

        let run = try h.run()

        #expect(run.outcome == .failed)
        #expect(run.error?.contains("HTTP 502") == true)
        // 502 on a one-request batch of 3 halves it down to single numbers before retrying.
        #expect(h.requests.count < 15)
        let attempts: Int? = try h.scalar("SELECT max(attempts) FROM forge_refs")
        #expect(attempts == 1)
        let retryAt: Int64? = try h.scalar("SELECT min(next_attempt_at) FROM forge_refs WHERE status = 'pending'")
        #expect((retryAt ?? 0) > Int64(Date().timeIntervalSince1970))
    }

    @Test func afterMaxAttemptsAReferenceFails() throws {
        let h = try ResolverHarness(.github, numbers: [7])
        h.forge.inject(.status(500), times: 100)
        h.options.maxRetries = 0
        h.options.maxAttempts = 2
        let store = try h.store()
        for _ in 0..<2 {
            _ = try h.run()
            try store.writer.write { try $0.execute(sql: "UPDATE forge_refs SET next_attempt_at = NULL; DELETE FROM meta WHERE key = 'resolver.notBefore'") }
        }
        #expect(try h.statuses()[7] == "failed")
        let reason: String? = try h.scalar("SELECT last_error FROM forge_refs WHERE number = 7")
        #expect(reason?.contains("HTTP 500") == true)
    }

    @Test func badCredentialsFailTheRunWithoutEchoingTheToken() throws {
        let h = try ResolverHarness(.github, numbers: [1])
        h.options.environment = ["GH_TOKEN": "ghp_wrongTokenValue987"]
        let run = try h.run()
        #expect(run.outcome == .failed)
        #expect(run.error?.contains("HTTP 401") == true)
        #expect(run.error?.contains("ghp_wrong") == false)
        #expect(h.requests.count == 1)
    }
}
