import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

@Suite(.tags(.network))
struct OtherForgeResolverTests {
    @Test func gitLabAsksMergeRequestsAndIssuesByIIDBatches() throws {
        // Given merge requests !1…!120 and issues #3, #6, #999 (missing)
        let h = try ResolverHarness(.gitlab, numbers: Array(1...120), issueNumbers: [3, 6, 999],
                                    items: FakeForgeItem.generate(count: 130))

        let run = try h.run()

        #expect(run.outcome == .completed)
        let paths = h.requests.map(\.path)
        #expect(paths.count == 3)
        #expect(paths.filter { $0.hasPrefix("/api/v4/projects/g%2Fp/merge_requests?") }.count == 2)
        #expect(paths.filter { $0.hasPrefix("/api/v4/projects/g%2Fp/issues?") }.count == 1)
        #expect(paths.allSatisfy { $0.contains("state=all") && ($0.contains("iids[]=") || $0.contains("iids%5B%5D=")) })
        #expect(h.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(ResolverHarness.token)" })
        let merged: String? = try h.scalar("SELECT state FROM forge_items WHERE kind = 'pull' AND number = 1")
        #expect(merged == "merged")
        let issue: String? = try h.scalar("SELECT title FROM forge_items WHERE kind = 'issue' AND number = 6")
        #expect(issue == "Item 6")
        let missingMR: String? = try h.scalar("SELECT status FROM forge_refs WHERE kind = 'pull' AND number = 3")
        #expect(missingMR == "notFound") // 3 is an issue, not a merge request
        let missingIssue: String? = try h.scalar("SELECT status FROM forge_refs WHERE kind = 'issue' AND number = 999")
        #expect(missingIssue == "notFound")
    }

    @Test func giteaWalksPagesForADenseBacklog() throws {
        let h = try ResolverHarness(.gitea, numbers: Array(1...200), items: FakeForgeItem.generate(count: 220))

        let run = try h.run()

        #expect(run.outcome == .completed)
        // 198 items on 50-item pages, newest first: 4 pages answer 180 references. The 20 numbers
        // no page listed are read one by one (a list proves nothing about what it leaves out),
        // and the first 404 asks once whether the repository itself is visible.
        let lists = h.requests.filter { $0.path.contains("/api/v1/repos/o/r/issues?type=all&state=all&limit=50&page=") }
        #expect(lists.count == 4)
        #expect(h.requests.count == 4 + 20 + 1)
        #expect(h.requests.allSatisfy { $0.headers["authorization"] == "token \(ResolverHarness.token)" })
        let statuses = try h.statuses()
        #expect(statuses[100] == "notFound" && statuses[200] == "notFound")
        #expect(statuses.values.filter { $0 == "resolved" }.count == 180)
        let merged: String? = try h.scalar("SELECT state FROM forge_items WHERE number = 4")
        #expect(merged == "merged")
    }

    @Test func giteaReadsSparseNumbersOneByOneAndRefreshesWithETags() throws {
        let h = try ResolverHarness(.gitea, numbers: [2, 3, 17, 250], items: FakeForgeItem.generate(count: 60))

        let run = try h.run()

        #expect(run.outcome == .completed)
        // Four numbers up to 250 would take five pages: read one by one instead. Pulls take an
        // issue read and a pull read (branches, merge commit); 250 does not exist, and that first
        // 404 asks once whether the repository itself is visible.
        #expect(h.requests.map(\.path) == ["/api/v1/repos/o/r/issues/2", "/api/v1/repos/o/r/pulls/2",
                                           "/api/v1/repos/o/r/issues/3", "/api/v1/repos/o/r/issues/17",
                                           "/api/v1/repos/o/r/pulls/17", "/api/v1/repos/o/r/issues/250",
                                           "/api/v1/repos/o/r"])
        let head: String? = try h.scalar("SELECT head_ref FROM forge_items WHERE number = 2")
        #expect(head == "topic-2")
        #expect(try h.statuses()[250] == "notFound")

        // When the open #17 is older than forge.refreshAge, it is read again, conditionally.
        let store = try h.store()
        try store.writer.write { try $0.execute(sql: "UPDATE forge_items SET fetched_at = fetched_at - 7200") }
        let refresh = try h.run()
        // A refresh is not a reference resolved: counted apart.
        #expect(refresh.resolved == 0)
        let last = try #require(h.requests.last)
        #expect(last.path == "/api/v1/repos/o/r/pulls/17")
        #expect(last.headers["if-none-match"] != nil)
        let fetched: Int64? = try h.scalar("SELECT fetched_at FROM forge_items WHERE number = 17")
        #expect((fetched ?? 0) >= Int64(Date().timeIntervalSince1970) - 60)
    }

    @Test func gitHubWithoutATokenUsesRESTPagesOrSingleReads() throws {
        let dense = try ResolverHarness(.github, numbers: Array(1...150), token: nil, items: FakeForgeItem.generate(count: 150))
        _ = try dense.run()
        // Two pages, then the 15 numbers they did not list read one by one (and the repository once).
        let lists = dense.requests.filter { $0.path.hasPrefix("/repos/o/r/issues?state=all&sort=created&direction=asc&per_page=100&page=") }
        #expect(lists.count == 2)
        #expect(dense.requests.count == 2 + 15 + 1)
        #expect(dense.requests.allSatisfy { $0.headers["authorization"] == nil })
        #expect(try dense.statuses().values.filter { $0 == "pending" }.isEmpty)
        let merged: String? = try dense.scalar("SELECT state FROM forge_items WHERE number = 1")
        #expect(merged == "merged")

        // Two numbers up to 290 would take three pages: two single reads instead.
        let sparse = try ResolverHarness(.github, numbers: [5, 290], token: nil)
        _ = try sparse.run()
        // The first 404 asks once whether the repository itself is visible.
        #expect(sparse.requests.map(\.path) == ["/repos/o/r/issues/5", "/repos/o/r/issues/290", "/repos/o/r"])
        #expect(try sparse.statuses()[290] == "notFound")
    }

    /// A home repository the forge does not show: how it is asked, and what the run must say.
    struct Invisible: Sendable, CustomTestStringConvertible {
        var flavor: FakeForge.Flavor
        var numbers: [Int]
        var token: Bool
        var message: String
        var testDescription: String { "\(flavor) \(token ? "token" : "no token"), \(numbers.count) numbers" }
    }

    @Test(arguments: [
        // GitHub without a token: single reads, then a page walk.
        Invisible(flavor: .github, numbers: [5, 290], token: false,
                  message: "GitHub shows no repository o/r without a token (HTTP 404): it is private or does not exist; set GH_TOKEN or GITHUB_TOKEN"),
        Invisible(flavor: .github, numbers: Array(1...150), token: false, message: "GitHub shows no repository o/r without a token (HTTP 404)"),
        // GitHub with a token that cannot read it: GraphQL's NOT_FOUND on the repository itself.
        Invisible(flavor: .github, numbers: [1, 2], token: true, message: "GitHub shows no repository o/r to this token"),
        Invisible(flavor: .gitlab, numbers: [1, 2], token: true, message: "GitLab shows no project g/p (HTTP 404)"),
        Invisible(flavor: .gitea, numbers: [5, 290], token: true, message: "Gitea shows no repository o/r (HTTP 404)"),
        Invisible(flavor: .gitea, numbers: Array(1...150), token: true, message: "Gitea shows no repository o/r (HTTP 404)"),
    ])
    func aHomeRepositoryTheForgeDoesNotShowStopsTheRunAndMarksNothingNotFound(_ c: Invisible) throws {
        // Given: 404 (or NOT_FOUND) for everything in the store's own repository, as for a
        // private one asked without a token that can read it
        let h = try ResolverHarness(c.flavor, numbers: c.numbers, token: c.token ? ResolverHarness.token : nil)
        h.forge.hide(c.flavor == .gitlab ? "g/p" : "o/r")

        let run = try h.run()

        // Then: the run stops saying what to do; every reference is still pending, charged nothing
        #expect(run.outcome == .failed)
        #expect(run.error?.contains(c.message) == true, "\(run.error ?? "")")
        #expect(h.requests.count <= 2, "one read, then the repository itself")
        #expect(try h.statuses().values.allSatisfy { $0 == "pending" })
        let charged: Int? = try h.scalar("SELECT max(attempts) FROM forge_refs")
        #expect(charged == 0, "a missing token is not the references' fault")
    }

    @Test func hooksLeaveAForgeThatWantsATokenAloneUntilOneIsSet() throws {
        // Given: a run stopped because GitHub does not show o/r without a token
        let h = try ResolverHarness(.github, numbers: [5, 290], token: nil)
        h.forge.hide("o/r")
        #expect(try h.run().outcome == .failed)
        let wait = try #require(try h.store().tokenWait())
        #expect(wait.source == "none" && wait.until > Date().addingTimeInterval(3500))
        let asked = h.requests.count

        // When a hook's resolver (waitForToken) comes next with still no token: no run, no request
        h.options.waitForToken = true
        #expect(throws: ResolverWaitingForToken.self) { try h.run() }
        #expect(h.requests.count == asked)

        // A token from elsewhere is tried at once; `sync` (no waitForToken) always asks
        h.options.environment = ["GH_TOKEN": ResolverHarness.token]
        #expect(try h.run().outcome == .failed)
        #expect(h.requests.count > asked)
        #expect(try h.store().tokenWait()?.source == "GH_TOKEN")
        h.options.waitForToken = false
        let before = h.requests.count
        #expect(try h.run().outcome == .failed)
        #expect(h.requests.count > before)

        // Once the forge shows the repository, a completed run forgets the wait
        h.forge.unhide("o/r")
        #expect(try h.run().outcome == .completed)
        #expect(try h.store().tokenWait() == nil)
        #expect(try h.statuses()[5] == "resolved")
    }

    @Test func gitHubWithoutATokenFindsNothingInSomeoneElsesPrivateRepositoryAndGoesOn() throws {
        let h = try ResolverHarness(.github, numbers: [5], token: nil, extra: ["Port of other/lib#7"])
        h.forge.hide("other/lib")

        let run = try h.run()

        #expect(run.outcome == .completed)
        #expect(h.requests.map(\.path).sorted() == ["/repos/o/r/issues/5", "/repos/other/lib/issues/7"])
        let other: String? = try h.scalar("SELECT status FROM forge_refs WHERE repo = 'other/lib'")
        #expect(other == "notFound")
    }

    @Test func finalItemsInTheCacheAreNotFetchedAgainAfterRederivation() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...9))
        _ = try h.run()
        let store = try h.store()
        try store.writer.write { try $0.execute(sql: "UPDATE forge_refs SET status = 'pending'") }
        let run = try h.run()
        // Only the open #7 is asked again.
        #expect(run.requests == 1)
        #expect(h.askedNumbers.last == [7])
    }

    @Test func rebuildRefetchesEverythingAndKeepsTheEventlog() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...5))
        _ = try h.run()
        let store = try h.store()
        let events: Int? = try h.scalar("SELECT count(*) FROM eventlog")

        try store.resetForgeCache()
        let pending = try h.statuses().values.filter { $0 == "pending" }.count
        _ = try h.run()

        #expect(pending == 5)
        #expect(h.askedNumbers.count == 2)
        #expect(h.askedNumbers[1].sorted() == [1, 2, 3, 4, 5])
        #expect(try h.scalar("SELECT count(*) FROM eventlog") == events)
    }
}
