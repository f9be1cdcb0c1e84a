import Testing
@testable import GitForgeCore

/// A pull request's commits are listed as `git log --date-order` lists them.
struct DateOrderTests {
    func commit(_ sha: String, time: Int64, seq: Int64) -> ItemCommit {
        ItemCommit(sha: sha, subject: sha, relation: .mergedIn, via: .merge, pullRequest: nil, time: time, seq: seq)
    }

    @Test func aMergeMadeInTheSameSecondAsItsBranchComesFirst() {
        // Given a branch commit and its merge in one second, the branch ingested first (a hook per commit)
        let branch = commit("branch", time: 100, seq: 1)
        let merge = commit("merge", time: 100, seq: 2)
        let older = commit("older", time: 50, seq: 3)
        let order = ItemCommit.dateOrder([older, branch, merge],
                                         parents: ["merge": ["base", "branch"], "branch": ["base"], "older": []])
        #expect(order.map(\.sha) == ["merge", "branch", "older"])
    }

    @Test func newerFirstAndTiesInIngestOrder() {
        let order = ItemCommit.dateOrder([commit("a", time: 1, seq: 5), commit("b", time: 3, seq: 9),
                                          commit("c", time: 3, seq: 2)], parents: [:])
        #expect(order.map(\.sha) == ["c", "b", "a"])
    }
}
