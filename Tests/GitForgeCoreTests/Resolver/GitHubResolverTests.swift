import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

@Suite(.tags(.network))
struct GitHubResolverTests {
    @Test func oneGraphQLQueryResolvesPullRequestsIssuesAndMissingNumbers() throws {
        // Given 30 referenced numbers; the forge has 1-25 except 10 and 20
        let h = try ResolverHarness(.github, numbers: Array(1...30), items: FakeForgeItem.generate(count: 25))

        // When
        let run = try h.run()

        // Then one request answered everything
        #expect(run.outcome == .completed)
        #expect(run.requests == 1)
        #expect(run.resolved == 30)
        #expect(h.requests.count == 1)
        let request = try #require(h.requests.first)
        #expect(request.method == "POST" && request.path == "/graphql")
        #expect(request.headers["authorization"] == "Bearer \(ResolverHarness.token)")
        #expect(request.headers["user-agent"]?.hasPrefix("git-forge/") == true)
        let statuses = try h.statuses()
        #expect(statuses[1] == "resolved" && statuses[3] == "resolved")
        #expect(statuses[10] == "notFound" && statuses[20] == "notFound" && statuses[26] == "notFound")
        #expect(statuses.values.filter { $0 == "resolved" }.count == 23)

        let pull = try #require(try h.item(2))
        #expect(pull["kind"] as String == "pull")
        #expect(pull["state"] as String == "merged")
        #expect(pull["merge_commit_sha"] as String? == String(format: "%040x", 2))
        #expect(pull["approvals"] as Int? == 2)
        #expect(pull["labels"] as String == #"["bug"]"#)
        #expect(pull["base_ref"] as String? == "main")
        #expect(pull["repo"] as String == "o/r")
        let issue = try #require(try h.item(3))
        #expect(issue["kind"] as String == "issue")
        #expect(issue["state"] as String == "closed")
        let open = try #require(try h.item(17))
        #expect(open["state"] as String == "open")
        let reason: String? = try h.scalar("SELECT last_error FROM forge_refs WHERE number = 10")
        #expect(reason?.contains("Could not resolve") == true)
    }

    @Test func crossRepositoryReferencesShareOneQuery() throws {
        let h = try ResolverHarness(.github, numbers: [1, 2], extra: ["Port of other/lib#5 and other/lib#404"])
        h.forge.add(repo: "other/lib", items: [FakeForgeItem(number: 5, isPull: true, state: .merged)])

        let run = try h.run()

        #expect(run.requests == 1)
        let body = String(decoding: try #require(h.requests.first).body, as: UTF8.self)
        #expect(body.contains(#"repository(owner: \"o\", name: \"r\")"#))
        #expect(body.contains(#"repository(owner: \"other\", name: \"lib\")"#))
        let other: String? = try h.scalar("SELECT status FROM forge_refs WHERE repo = 'other/lib' AND number = 5")
        #expect(other == "resolved")
        let missing: String? = try h.scalar("SELECT status FROM forge_refs WHERE repo = 'other/lib' AND number = 404")
        #expect(missing == "notFound")
    }

    @Test func batchesOfAtMostOneHundredAreSpacedByThePacingFloor() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...250), paceMs: 150)

        let run = try h.run()

        #expect(run.requests == 3)
        #expect(h.askedNumbers.map(\.count) == [100, 100, 50])
        #expect(Set(h.askedNumbers.flatMap { $0 }).count == 250)
        let times = h.requests.map(\.receivedAt)
        for (a, b) in zip(times, times.dropFirst()) { #expect(a.duration(to: b) >= .milliseconds(150)) }
    }

    @Test func aGatewayTimeoutHalvesTheBatch() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...100))
        h.forge.setGraphQLMaxAliases(30)

        let run = try h.run()

        #expect(run.outcome == .completed)
        #expect(try h.statuses().values.allSatisfy { $0 != "pending" })
        // 100 → 502, 50 → 502, 25 → ok: every later query stays at the halved size.
        #expect(h.askedNumbers.prefix(3).map(\.count) == [100, 50, 25])
        #expect(h.askedNumbers.dropFirst(2).allSatisfy { $0.count <= 25 })
    }

    @Test func aStoppedRunResumesWithoutRefetchingSavedReferences() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...300))

        let first = try h.run(stopAfterResponses: 1)
        #expect(first.outcome == .interrupted)
        #expect(first.resolved == 100)
        let second = try h.run()

        #expect(second.outcome == .completed)
        let asked = h.askedNumbers.flatMap { $0 }
        #expect(asked.count == 300)
        #expect(Set(asked).count == 300)
        #expect(try h.statuses().values.allSatisfy { $0 != "pending" })
    }

    @Test func limitBoundsTheReferencesResolved() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...50))
        let run = try h.run(limit: 10)
        #expect(run.resolved == 10)
        #expect(h.askedNumbers == [Array(h.askedNumbers.first ?? [])])
        #expect(h.askedNumbers.first?.count == 10)
        #expect(try h.statuses().values.filter { $0 == "pending" }.count == 40)
    }

    @Test func theTokenNeverReachesTheStore() throws {
        let h = try ResolverHarness(.github, numbers: Array(1...20))
        h.forge.inject(.status(500), times: 10)
        var options = h.options
        options.maxRetries = 1
        h.options = options
        let run = try h.run()
        #expect(run.outcome == .failed)
        #expect(run.error?.contains(ResolverHarness.token) == false)
        _ = try h.run()
        let store = try h.store()
        for file in [store.path, store.path + "-wal"] {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            #expect(data.range(of: Data(ResolverHarness.token.utf8)) == nil)
        }
    }
}
