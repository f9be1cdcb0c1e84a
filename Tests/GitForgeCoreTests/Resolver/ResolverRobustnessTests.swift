import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// No forge answer stops the resolver for good (issue 11), and what it does is said (issue 12):
/// odd deadlines are capped, a page walk concludes nothing from what it did not see, failures of
/// walks and refreshes are charged like single reads, deferred references are shown and an
/// explicit sync asks them, waits are said when they start, and counts are in references.
@Suite(.tags(.network))
struct ResolverRobustnessTests {
    private func run(_ h: ResolverHarness, explicit: Bool, shouldStop: @escaping @Sendable () -> Bool = { false },
                     progress: @escaping (ResolverProgress) -> Void = { _ in }) throws -> ResolverRun {
        var options = h.options
        options.explicit = explicit
        let workspace = try h.workspace()
        return try Resolver(workspace: workspace, store: try workspace.openStore(), options: options)
            .run(shouldStop: shouldStop, progress: progress)
    }

    private func savedDeadline(_ h: ResolverHarness) throws -> Double {
        let saved: String? = try h.scalar("SELECT value FROM meta WHERE key = 'resolver.notBefore'")
        return try #require(saved.flatMap(Double.init))
    }

    // MARK: Deadlines

    @Test(arguments: [
        (403, ["X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "99999999999"]),
        (429, ["Retry-After": "inf"]),
        (429, ["Retry-After": "99999999999"]),
    ])
    func aDeadlineBeyondAnHourIsCappedAndAnExplicitSyncIgnoresIt(status: Int, headers: [String: String]) throws {
        let h = try ResolverHarness(.github, numbers: [1, 2, 3])
        h.forge.inject(.limited(status: status, headers: headers))

        let first = try run(h, explicit: false)
        #expect(first.outcome == .rateLimited)
        #expect(first.error?.contains("capped at one hour") == true, "\(first.error ?? "")")
        let deadline = try savedDeadline(h)
        #expect(deadline.isFinite && deadline <= Date().timeIntervalSince1970 + 3600 + 5)

        // A hook's run honours the capped hour; an explicit sync asks again at once.
        let hook = try run(h, explicit: false)
        #expect(hook.outcome == .rateLimited && hook.requests == 0)
        let sync = try run(h, explicit: true)
        #expect(sync.outcome == .completed)
        #expect(try h.statuses().values.allSatisfy { $0 == "resolved" })
    }

    @Test func aFarDeadlineSavedEarlierIsBroughtBackToAnHourAndSyncIgnoresIt() throws {
        let h = try ResolverHarness(.github, numbers: [1, 2])
        try h.store().setResolverNotBefore(Date(timeIntervalSince1970: 99_999_999_999))

        let hook = try run(h, explicit: false)
        #expect(hook.outcome == .rateLimited && hook.requests == 0)
        #expect(hook.error.map { !$0.contains("5138") } == true, "\(hook.error ?? "")")
        let sync = try run(h, explicit: true)
        #expect(sync.outcome == .completed)
    }

    // MARK: Page walks

    @Test func aShortPageWithANextLinkIsNotTheLastPage() throws {
        // Given: a Gitea server capping pages at 20 items, below the 50 asked for.
        let h = try ResolverHarness(.gitea, numbers: Array(1...100))
        h.forge.setPageCap(20)

        let result = try h.run()

        // Then: every number the forge has is resolved; only the absent ones are not found.
        #expect(result.outcome == .completed)
        let statuses = try h.statuses()
        for n in 1...100 { #expect(statuses[n] == (n % 10 == 0 ? "notFound" : "resolved"), "#\(n)") }
    }

    @Test func anOldIssueWithAHighNumberProvesNothingAboutLowerOnes() throws {
        // Given: #500 transferred in, listed first by creation date, ahead of #1…#299.
        let items = FakeForgeItem.generate(count: 300)
            + [FakeForgeItem(number: 500, isPull: false, createdAt: "2020-01-01T00:00:00Z")]
        let h = try ResolverHarness(.github, numbers: Array(1...250), token: nil, items: items)

        let result = try h.run()

        #expect(result.outcome == .completed)
        let statuses = try h.statuses()
        for n in 1...250 { #expect(statuses[n] == (n % 10 == 0 ? "notFound" : "resolved"), "#\(n)") }
    }

    @Test func aListThatNeverEndsIsCappedAndTheRestReadSingly() throws {
        // Given: a server that answers page 1 to every page, linking a next one for ever.
        let h = try ResolverHarness(.github, numbers: Array(1...250), token: nil, items: FakeForgeItem.generate(count: 300))
        h.forge.setIgnoresPage(true)
        let forge = h.forge

        // When: (stopped after 400 requests, which the old walk never ended before)
        let result = try run(h, explicit: true, shouldStop: { forge.requests.count > 400 })

        // Then: the walk stops when a page brings nothing new; the rest is read one by one.
        #expect(result.outcome == .completed)
        let lists = h.requests.filter { $0.path.contains("/issues?") }
        #expect(lists.count == 2)
        let statuses = try h.statuses()
        for n in 1...250 { #expect(statuses[n] == (n % 10 == 0 ? "notFound" : "resolved"), "#\(n)") }
    }

    @Test func aWalkFarFromTheNumbersItWantsGivesWayToSingleReads() throws {
        // Given: the ten oldest numbers of a 1000-item Gitea repository, listed newest first.
        let h = try ResolverHarness(.gitea, numbers: Array(1...10), items: FakeForgeItem.generate(count: 1000, missingEvery: 0))

        let result = try h.run()

        // Then: the first page shows them 19 pages away; ten single reads cost less.
        #expect(result.outcome == .completed)
        #expect(h.requests.filter { $0.path.contains("/issues?") }.count == 1)
        #expect(try h.statuses().values.allSatisfy { $0 == "resolved" })
    }

    @Test func aWalkSavesEveryPageAndGoesOnWhereItStopped() throws {
        // Given: only high numbers pending, so the first pages answer none of them.
        let h = try ResolverHarness(.github, numbers: Array(500...590), token: nil, items: FakeForgeItem.generate(count: 600))
        let forge = h.forge
        var messages: [String] = []

        // When: a run stopped after two pages, then another.
        let first = try run(h, explicit: true, shouldStop: { forge.requests.count >= 2 }, progress: { p in
            if let m = p.message { messages.append(m) }
        })
        #expect(first.outcome == .interrupted)
        let cached: Int? = try h.scalar("SELECT count(*) FROM forge_items")
        let asked = h.requests.count
        let second = try run(h, explicit: true)

        // Then: the pages read are kept, where the walk was is said, and the next run goes on from there.
        #expect((cached ?? 0) >= 150, "items stored after the first pages: \(cached ?? 0)")
        #expect(messages.first?.hasPrefix("reading the GitHub issue list: page 1 of about") == true, "\(messages)")
        #expect(second.outcome == .completed)
        let pages = h.requests.dropFirst(asked).filter { $0.path.contains("/issues?") }
            .compactMap { $0.path.split(separator: "page=").last.flatMap { Int($0.prefix { $0.isNumber }) } }
        #expect(pages.first == 3, "\(pages)")
        let statuses = try h.statuses()
        for n in 500...590 { #expect(statuses[n] == (n % 10 == 0 ? "notFound" : "resolved"), "#\(n)") }
    }

    // MARK: Failures of walks and refreshes

    @Test func oneUnreadableItemInAListDoesNotFailEveryRun() throws {
        let h = try ResolverHarness(.gitea, numbers: Array(1...100))
        h.forge.corrupt([5])

        let first = try h.run()
        let second = try h.run()

        // The rest of the list is saved at once; #5 is charged an attempt and put off.
        let statuses = try h.statuses()
        #expect(statuses[4] == "resolved" && statuses[6] == "resolved", "\(first)")
        #expect(statuses[5] == "pending")
        let attempts: Int? = try h.scalar("SELECT attempts FROM forge_refs WHERE number = 5")
        #expect(attempts == 1)
        #expect(second.outcome == .completed, "\(second.error ?? "")")
    }

    @Test func aRefreshTheForgeCannotAnswerIsPutOffLikeASingleRead() throws {
        let h = try ResolverHarness(.gitea, numbers: [7, 17, 23])
        try h.repo.git("config", "forge.refreshAge", "0")
        #expect(try h.run().outcome == .completed)
        // Unconditional refreshes, so the forge's answer is read (a 304 has nothing to misread).
        try h.store().writer.write { db in try db.execute(sql: "UPDATE forge_items SET etag = NULL") }
        sleep(1)
        h.forge.corrupt([7])

        let failing = try h.run()
        sleep(1)
        let after = try h.run()

        #expect(failing.outcome == .failed)
        #expect(after.outcome == .completed, "\(after.error ?? "")")
        let seven: Int? = try h.scalar("SELECT attempts FROM forge_refs WHERE number = 7")
        #expect(seven == 1)
    }

    @Test func anETagTheHTTPLayerRefusesIsNotSent() throws {
        // Given: a cached open item whose saved ETag holds a line break (an older version kept it).
        let h = try ResolverHarness(.gitea, numbers: [7])
        try h.repo.git("config", "forge.refreshAge", "0")
        #expect(try h.run().outcome == .completed)
        try h.store().writer.write { db in try db.execute(sql: "UPDATE forge_items SET etag = 'W/\"a\nb\"', fetched_at = 0") }

        let refresh = try h.run()

        #expect(refresh.outcome == .completed, "\(refresh.error ?? "")")
        #expect(h.requests.last?.headers["if-none-match"] == nil)
    }

    @Test func anETagThatIsNotPrintableASCIIIsNotKept() throws {
        let h = try ResolverHarness(.gitea, numbers: [7])
        h.forge.inject(.etag("W/\"caf\u{E9}\""), pathContains: "/pulls/7")

        #expect(try h.run().outcome == .completed)

        let etag: String? = try h.scalar("SELECT etag FROM forge_items WHERE number = 7")
        #expect(etag == nil)
    }

    // MARK: Deferred references

    @Test func deferredReferencesAreShownAndAnExplicitSyncAsksThemNow() throws {
        let h = try ResolverHarness(.github, numbers: [1, 2, 3])
        h.forge.inject(.status(503), times: 5)

        let failed = try run(h, explicit: false)
        #expect(failed.outcome == .failed)
        let deferred = try #require(try h.store().deferredReferences())
        #expect(deferred.count == 3)
        #expect(deferred.until > Date().addingTimeInterval(500))
        #expect(deferred.lastError?.contains("HTTP 503") == true)

        // A hook's run keeps the back-off; an explicit sync asks now.
        let hook = try run(h, explicit: false)
        #expect(hook.requests == 0 && hook.resolved == 0)
        let sync = try run(h, explicit: true)
        #expect(sync.resolved == 3)
        #expect(try h.store().deferredReferences() == nil)
    }

    // MARK: Waits and counts

    @Test func aWaitIsSaidWhenItStartsAndKeptForStatus() throws {
        let h = try ResolverHarness(.github, numbers: [1, 2])
        h.forge.inject(.tooManyRequests(retryAfter: 2))
        let store = try h.store()
        var said: [(ContinuousClock.Instant, ResolverWait, ResolverWait?)] = []

        let result = try run(h, explicit: true, progress: { p in
            if let wait = p.wait, said.last?.1 != wait { said.append((.now, wait, try? store.resolverWait())) }
        })

        #expect(result.outcome == .completed)
        let (at, wait, saved) = try #require(said.first)
        #expect(wait.text.wholeMatch(of: /rate limited until \d\d:\d\d \(HTTP 429, Retry-After 2 s\)/) != nil, "\(wait.text)")
        #expect(saved?.text == wait.text)
        #expect(saved.map { abs($0.until.timeIntervalSince(wait.until)) < 0.01 } == true)
        // Said before the wait, not after it.
        let retry = try #require(h.requests.last?.receivedAt)
        #expect(at.duration(to: retry) >= .seconds(1.5))
        #expect(try store.resolverWait() == nil)
    }

    @Test func aBackoffIsSaidWithItsAttempt() throws {
        let h = try ResolverHarness(.github, numbers: [1])
        h.options.retryBase = .seconds(2)
        h.forge.inject(.status(503))
        var texts: [String] = []

        _ = try run(h, explicit: true, progress: { p in if let w = p.wait, texts.last != w.text { texts.append(w.text) } })

        #expect(texts.first?.hasPrefix("forge not answering, retry 1 of 4 in ") == true, "\(texts)")
    }

    @Test func countsAreReferencesWithCommitsAskedApart() throws {
        // Given: ten references and commits the forge is asked about (one names a new pull request).
        let h = try ResolverHarness(.github, numbers: Array(1...10), items: FakeForgeItem.generate(count: 40))
        h.options.associateCommits = true
        let sha = try h.repo.commit("Unrelated change")
        h.forge.associate(sha: sha, pulls: [31])
        _ = try h.workspace().ingest(into: h.store())
        var reports: [ResolverProgress] = []

        let result = try run(h, explicit: true, progress: { reports.append($0) })

        let refs: Int? = try h.scalar("SELECT count(*) FROM forge_refs WHERE status != 'pending'")
        #expect(result.resolved == refs)
        #expect(result.total == refs)
        #expect(reports.allSatisfy { $0.done <= $0.total })
        #expect(reports.last?.done == refs && reports.last?.total == refs)
        #expect((reports.last?.associated ?? 0) > 0)
    }

    @Test func aRunThatOnlyFailedCountsItsAttempts() throws {
        let h = try ResolverHarness(.github, numbers: [1])
        h.forge.inject(.status(503), times: 10)

        let result = try h.run()

        #expect(result.outcome == .failed)
        #expect(result.requests == 5)
    }
}
