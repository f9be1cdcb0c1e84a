import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore
#if canImport(Glibc)
import Glibc
#endif

/// `--fetch`: only what a view is about is asked, in one batch (plus the commit's association),
/// and a resolver that holds the lock is handed the work instead of being raced.
@Suite(.serialized) struct SurgicalFetchTests {
    /// A backlog of 60 pending references, and a newest commit that names #41 and closes #42.
    func harness(extra: String = "Fix crash (#41)\n\nCloses #42") throws -> ResolverHarness {
        try ResolverHarness(.github, numbers: Array(1...60).filter { $0 != 41 && $0 != 42 }, extra: [extra])
    }

    @Test func showFetchAsksOnlyTheCommitsReferencesInOneBatch() throws {
        let h = try harness()
        let workspace = try h.workspace()
        let store = try workspace.openStore()

        let outcome = try SurgicalFetch.forCommit("HEAD", workspace: workspace, store: store, options: h.options)

        guard case let .fetched(run) = outcome else { Issue.record("\(outcome)"); return }
        #expect(run.outcome == .completed)
        // One GraphQL query with exactly the two numbers; the message names the pull request, so
        // no association is asked
        #expect(h.askedNumbers.map { $0.sorted() } == [[41, 42]])
        #expect(h.requests.count == 1)
        let statuses = try h.statuses()
        #expect(statuses[41] == "resolved" && statuses[42] == "resolved")
        #expect(statuses.filter { $0.value == "pending" }.count == 58)
        // Asked again: everything is fetched and final, so nothing is sent
        #expect(try SurgicalFetch.forCommit("HEAD", workspace: workspace, store: store, options: h.options) == .upToDate)
        #expect(h.requests.count == 1)
    }

    @Test func aCommitOfNoKnownPullRequestIsAssociatedAndItsPullRequestFetchedInTheSameBatch() throws {
        let h = try harness(extra: "Refactor the store, see #42")
        let head = try h.repo.git("rev-parse", "HEAD")
        h.forge.associate(sha: head, pulls: [44])
        let workspace = try h.workspace()
        let store = try workspace.openStore()

        let outcome = try SurgicalFetch.forCommit("HEAD", workspace: workspace, store: store, options: h.options)

        guard case .fetched = outcome else { Issue.record("\(outcome)"); return }
        // The association, then one batch: the mention and the pull request the forge named
        #expect(h.askedNumbers.last.map { $0.sorted() } == [42, 44])
        #expect(h.requests.count == 2)
        let context = try ShowQuery(workspace: workspace, store: store).run(revision: "HEAD")
        #expect(context.pullRequests.map(\.number) == [44])
        #expect(context.pullRequests.first?.via == .forge)
        #expect(context.pullRequests.first?.item?.title == "Item 44")
    }

    @Test func aNumberNoCommitNamesIsFetchedForPr() throws {
        let h = try harness()
        let workspace = try h.workspace()
        let store = try workspace.openStore()

        _ = try SurgicalFetch.forItem(77, pull: true, workspace: workspace, store: store, options: h.options)

        #expect(h.askedNumbers == [[77]])
        let view = try ItemQuery(workspace: workspace, store: store).pullRequest(77)
        #expect(view.link.item?.title == "Item 77")
        #expect(view.commits.isEmpty)
    }

    @Test func anOpenItemIsAskedAgainOnlyOnceStale() throws {
        // Given #17, open, fetched just now
        let h = try harness(extra: "Work on #17")
        let workspace = try h.workspace()
        let store = try workspace.openStore()
        _ = try SurgicalFetch.forItem(17, pull: true, workspace: workspace, store: store, options: h.options)
        #expect(h.requests.count == 1)
        // Fresh: nothing is asked
        #expect(try SurgicalFetch.forItem(17, pull: true, workspace: workspace, store: store, options: h.options)
                == .upToDate)
        #expect(h.requests.count == 1)
        // Older than forge.refreshAge (1 hour): asked again
        try store.writer.write { try $0.execute(sql: "UPDATE forge_items SET fetched_at = fetched_at - 7200 WHERE number = 17") }
        guard case .fetched = try SurgicalFetch.forItem(17, pull: true, workspace: workspace, store: store,
                                                         options: h.options) else { Issue.record("not fetched"); return }
        #expect(h.requests.count == 2)
        let age = try #require(try h.scalar("SELECT strftime('%s','now') - fetched_at FROM forge_items WHERE number = 17") as Int?)
        #expect(age < 600)
    }

    @Test func aRunningResolverIsHandedTheReferencesAndAsksThemFirst() throws {
        let h = try harness()
        let workspace = try h.workspace()
        // Given a resolver that holds the lock (this test, on its own open file description)
        let lock = try ResolverLockStandIn(workspace.location.pidFile)
        defer { lock.drop() }
        let options = h.options
        let result = Box()
        let thread = Thread {
            result.set(Result { try SurgicalFetch.forItem(41, pull: true, workspace: workspace,
                                                          store: try workspace.openStore(), options: options,
                                                          wait: .seconds(20)) })
        }
        thread.start()
        // When it sees the hand-over and runs
        let deadline = Date().addingTimeInterval(10)
        while try h.scalar("SELECT value FROM meta WHERE key = 'resolver.priority'") as String? == nil,
              Date() < deadline { usleep(20_000) }
        try h.run()
        // Then #41 went first, on its own, and the foreground got its answer without asking
        #expect(h.askedNumbers.first == [41])
        #expect(h.askedNumbers.dropFirst().allSatisfy { !$0.contains(41) })
        while result.value == nil, Date() < deadline.addingTimeInterval(20) { usleep(20_000) }
        #expect(try result.value?.get() == .answeredByResolver)
    }

    @Test func theCommandsFetchThenShow() throws {
        let h = try harness()
        let env = ["GH_TOKEN": ResolverHarness.token]
        // Not fetched: pr is an error that says how to fetch it
        let before = try h.repo.run(GitForgeBinary.path, ["pr", "41"], env: env)
        #expect(before.status == 1 && before.stderr.contains("not fetched yet"))

        let pr = try h.repo.run(GitForgeBinary.path, ["pr", "--fetch", "41"], env: env)
        #expect(pr.status == 0, "\(pr.stderr)")
        #expect(pr.stdout.hasPrefix("pull request #41 Item 41\n"))
        #expect(pr.stdout.contains("Fix crash (#41) (via message)"))
        let show = try h.repo.run(GitForgeBinary.path, ["show", "--fetch", "--no-pager"], env: env)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("#42 Item 42"))
        #expect(h.askedNumbers == [[41], [42]])
        #expect(!pr.stderr.contains(ResolverHarness.token) && !show.stdout.contains(ResolverHarness.token))
    }

    @Test func aResolverThatNeverAnswersEndsTheWaitWithATimeout() throws {
        let h = try harness()
        let workspace = try h.workspace()
        let lock = try ResolverLockStandIn(workspace.location.pidFile)
        defer { lock.drop() }
        var waited = false
        let outcome = try SurgicalFetch.forItem(41, pull: true, workspace: workspace, store: workspace.openStore(),
                                                options: h.options, wait: .seconds(1), waiting: { _ in waited = true })
        #expect(outcome == .timedOut(pid: nil))
        #expect(waited)
        #expect(h.requests.isEmpty)
    }
}

private final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Result<SurgicalFetch.Outcome, any Error>?
    var value: Result<SurgicalFetch.Outcome, any Error>? { lock.withLock { stored } }
    func set(_ value: Result<SurgicalFetch.Outcome, any Error>) { lock.withLock { stored = value } }
}
