import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// What the resolver is doing is said where the user looks (issue 12): a wait on the terminal
/// and in resolver.log when it starts, deferred references in `status`, counts in references,
/// and `sync --rebuild` in the log like every other run.
@Suite struct ResolverSaysTests {
    @Test func aWaitIsPrintedAndLoggedWhenItStarts() throws {
        let drain = try ForgeDrain(count: 2, paceMs: 0)
        drain.forge.inject(.tooManyRequests(retryAfter: 2), pathContains: "/issues/1001")

        let out = try drain.repo.forge("sync", "--foreground")

        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.firstMatch(of: /(^|\n)rate limited until \d\d:\d\d \(HTTP 429, Retry-After 2 s\)\n/) != nil, "\(out.stderr)")
        #expect(out.stdout.hasPrefix("Resolved 2 references"), "\(out.stdout)")
        let log = drain.repo.log
        let waiting = try #require(log.range(of: "waiting: rate limited until "), "\(log)")
        let finished = try #require(log.range(of: "run 1 completed: 2 of 2 resolved"), "\(log)")
        #expect(waiting.lowerBound < finished.lowerBound)
        #expect(log.contains("sync --foreground: started in this terminal: 2 references pending"), "\(log)")
    }

    @Test func statusShowsWhatABackgroundResolverWaitsFor() throws {
        let drain = try ForgeDrain(count: 2, paceMs: 0)
        drain.forge.inject(.tooManyRequests(retryAfter: 8), pathContains: "/issues/1001")

        #expect(try drain.repo.forge("sync").status == 0)
        var seen: (text: String, json: [String: Any])?
        let deadline = Date().addingTimeInterval(10)
        while seen == nil, Date() < deadline {
            let text = try drain.repo.forge("status").stdout
            if text.contains("Waiting:") { seen = (text, try drain.repo.statusJSON()) }
            usleep(100_000)
        }
        try drain.repo.waitForLog("resolver exiting")

        let (text, json) = try #require(seen, "status never showed the wait")
        #expect(text.firstMatch(of: /\nWaiting:  rate limited until \d\d:\d\d \(HTTP 429, Retry-After 8 s\)\n/) != nil, "\(text)")
        let resolver = try #require(json["resolver"] as? [String: Any])
        #expect((resolver["waiting"] as? String)?.hasPrefix("rate limited until ") == true)
        #expect(resolver["waitingUntil"] is String)
        #expect(!(try drain.repo.forge("status").stdout.contains("Waiting:")))
    }

    @Test func deferredReferencesAreShownAndAnExplicitSyncAsksThemNow() throws {
        // Given: the forge refuses one reference's read (HTTP 401): it is put off ten minutes.
        let drain = try ForgeDrain(count: 3, paceMs: 0)
        drain.forge.inject(.status(401), pathContains: "/issues/1001")
        let failed = try drain.repo.forge("sync", "--foreground")
        #expect(failed.status == 1)

        // When
        let text = try drain.repo.forge("status")
        let json = try drain.repo.statusJSON()
        let again = try drain.repo.forge("sync", "--foreground")

        // Then: status says how many, until when and why; a sync asks them at once.
        #expect(text.stdout.firstMatch(of: /\n {10}1 deferred until \d\d:\d\d \(last error: the forge asked for credentials \(HTTP 401\)/) != nil,
                "\(text.stdout)")
        #expect((json["refs"] as? [String: Any])?["deferred"] as? Int == 1)
        let deferred = try #require(json["deferred"] as? [String: Any])
        #expect(deferred["count"] as? Int == 1)
        #expect((deferred["lastError"] as? String)?.contains("HTTP 401") == true)
        #expect((deferred["until"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } != nil)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try drain.resolved() == Set(drain.numbers))
        let after = try drain.repo.statusJSON()
        #expect((after["refs"] as? [String: Any])?["deferred"] as? Int == 0)
        #expect(after["deferred"] is NSNull)
    }

    @Test func aRebuildIsInTheLogLikeEveryRun() throws {
        let drain = try ForgeDrain(count: 2, paceMs: 0)
        #expect(try drain.repo.forge("sync", "--foreground").status == 0)

        let rebuild = try drain.repo.forge("sync", "--rebuild")

        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let log = drain.repo.log
        #expect(log.contains("sync --rebuild: forge cache cleared"), "\(log)")
        #expect(log.contains("sync --rebuild: started in this terminal: 2 references pending"), "\(log)")
        #expect(log.firstMatch(of: /run 2 completed: 2 of 2 resolved, \d+ requests\n/) != nil, "\(log)")
    }
}
