import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// Commit → pull request from the forge, for commits whose message names no pull request.
@Suite(.tags(.network))
struct AssociationTests {
    @Test func gitHubAsksUnattributedCommitsInOneQueryAndResolvesTheirPulls() throws {
        let h = try ResolverHarness(.github, numbers: [], extra: ["Tweak docs", "Fix typo (#8)", "Refactor parser"])
        h.options.associateCommits = true
        let tweak = try h.repo.git("rev-parse", "HEAD~2")
        let refactor = try h.repo.git("rev-parse", "HEAD")
        // #4 merged the refactor; #2 also contains it but merged elsewhere. #11 includes the tweak.
        h.forge.add(repo: "o/r", items: [FakeForgeItem(number: 4, isPull: true, state: .merged, mergeCommit: refactor)])
        h.forge.associate(sha: refactor, pulls: [2, 4])
        h.forge.associate(sha: tweak, pulls: [])

        let run = try h.run()

        #expect(run.outcome == .completed)
        // 1: #8; 2: association of the two unattributed commits; 3: the pull request found.
        #expect(h.requests.count == 3)
        let query = String(decoding: h.requests[1].body, as: UTF8.self)
        #expect(query.contains(refactor) && query.contains(tweak))
        #expect(!query.contains(try h.repo.git("rev-parse", "HEAD~1")))
        let pulls = try h.store().writer.read { db in
            try Row.fetchAll(db, sql: "SELECT lower(hex(sha)) AS sha, number, via FROM commit_pulls").map { "\($0["sha"] as String) \($0["number"] as Int) \($0["via"] as String)" }
        }
        #expect(pulls == ["\(refactor) 4 forge"])
        #expect(try h.statuses()[4] == "resolved")
        #expect(h.askedNumbers.last == [4])

        // Asked once: a second run asks nothing.
        let again = try h.run()
        #expect(again.requests == 0)
    }

    @Test func perCommitForgesOnlyAskTheNewestAssociateLimitCommits() throws {
        let h = try ResolverHarness(.gitea, numbers: [], extra: ["one", "two", "three", "four"])
        h.options.associateCommits = true
        try h.repo.git("config", "forge.associateLimit", "2")
        let newest = try h.repo.git("rev-parse", "HEAD")
        h.forge.associate(sha: newest, pulls: [5])

        _ = try h.run()

        let paths = h.requests.map(\.path)
        #expect(paths.filter { $0.contains("/commits/") }.count == 2)
        #expect(paths.contains("/api/v1/repos/o/r/commits/\(newest)/pull"))
        #expect(paths.contains("/api/v1/repos/o/r/issues/5"))
        let via: String? = try h.scalar("SELECT via FROM commit_pulls WHERE number = 5")
        #expect(via == "forge")
    }

    @Test func commitsTheForgeSaysHaveNoPullAreNotAskedAgain() throws {
        // Given a Gitea whose commits/{sha}/pull 404s (no pull request merged them)
        let h = try ResolverHarness(.gitea, numbers: [], extra: ["one", "two"])
        h.options.associateCommits = true
        // When the resolver runs twice
        _ = try h.run()
        let asked = h.requests.filter { $0.path.contains("/commits/") }.count
        _ = try h.run()
        // Then they are remembered as 'none' and the second run asks nothing about them
        #expect(asked == 2)
        #expect(h.requests.filter { $0.path.contains("/commits/") }.count == asked)
        let none: Int? = try h.scalar("SELECT count(*) FROM forge_commit_checks WHERE status = 'none'")
        #expect(none == 2)
    }
}
