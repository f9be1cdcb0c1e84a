import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// Far walks (`HEAD~N` past `Repository.inProcessSteps`, message searches) are resolved by
/// `git rev-parse`, which reads the commit-graph; the answer and the errors must be the ones the
/// in-process path gives.
struct RevisionByGitTests {
    @Test(arguments: [
        ("HEAD~3", false), ("HEAD~200", false), ("HEAD~201", true), ("HEAD~100~101", true),
        ("main^2", false), ("HEAD^^^", false), ("HEAD~", false), ("HEAD@{1}", false), ("v1.0^{commit}", false),
        ("@{-1}~5", false), (":/fix the build", true), ("main^{/fix}", true), ("HEAD~300:README", true),
        ("HEAD:dir~999", false), ("HEAD~99999999999999999999", true),
    ])
    func walksFarCountsParentSteps(spec: String, far: Bool) {
        #expect(Repository.walksFar(spec) == far, "\(spec)")
    }

    /// A 300-commit history, with and without a commit-graph: every spelling gives git's commit.
    @Test(arguments: [false, true])
    func farRevisionsResolveAsGitDoes(commitGraph: Bool) throws {
        let repo = try GitFixture()
        var script = ""
        for i in 1...300 {
            script += "commit refs/heads/main\ncommitter C <c@x> \(1_700_000_000 + i) +0000\ndata <<M\ncommit \(i)\nM\n"
            script += "\n"
        }
        try repo.git("fast-import", "--quiet", input: Data(script.utf8))
        try repo.git("reset", "-q", "--hard", "main")
        if commitGraph { try repo.git("commit-graph", "write", "--reachable") }
        let repository = try Repository.open(at: repo.path)
        for spec in ["HEAD~250", "main~299", "HEAD~100~150", ":/commit 77", "HEAD~5"] {
            #expect(try repository.resolveCommit(spec) == (try repo.git("rev-parse", spec)), "\(spec)")
        }
        #expect(throws: RevisionError.unknown("HEAD~300")) { try repository.resolveCommit("HEAD~300") }
        #expect(throws: RevisionError.unknown(":/no such message")) { try repository.resolveCommit(":/no such message") }
    }
}
