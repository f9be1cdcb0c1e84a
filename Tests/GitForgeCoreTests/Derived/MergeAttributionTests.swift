import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

struct MergeAttributionTests {
    private func pulls(_ repo: GitFixture) throws -> [String: [String]] {
        let store = try openStore(repo)
        let rows = try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT lower(hex(sha)) AS sha, repo, number, via FROM commit_pulls ORDER BY repo, number")
        }
        var out: [String: [String]] = [:]
        for row in rows {
            out[row["sha"], default: []].append("\(row["repo"] as String)#\(row["number"] as Int) \(row["via"] as String)")
        }
        return out
    }

    @Test func onlyTheCommitsAMergeBroughtInAreItsPullRequests() throws {
        // Given a topic branch merged as #5, then a second branch from before that merge which
        // merged main in (so #5's commits are reachable from its tip too) and is merged as #6
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let base = try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "a")
        let a1 = try repo.commit("a1")
        let a2 = try repo.commit("a2")
        try repo.git("checkout", "-q", "main")
        let m1 = try repo.commit("main work")
        try repo.git("merge", "-q", "--no-ff", "a", "-m", "Merge pull request #5 from dev/a")
        try repo.git("checkout", "-q", "-b", "b", m1)
        let b1 = try repo.commit("b1")
        try repo.git("merge", "-q", "--no-ff", "main", "-m", "Merge branch 'main' into b")
        let b2 = try repo.commit("b2")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "b", "-m", "Merge pull request '#6 title' (#6) from b into main")
        // When ingested
        _ = try ingest(repo)
        // Then each commit belongs to the merge that brought it in, and nothing else does
        let found = try pulls(repo)
        #expect(found[a1] == ["o/r#5 merge"] && found[a2] == ["o/r#5 merge"])
        #expect(found[b1] == ["o/r#6 merge"] && found[b2] == ["o/r#6 merge"])
        #expect(found[base] == nil && found[m1] == nil)
        #expect(found.count == 5, "the back-merge of main into b is #6's too: \(found)")
    }

    @Test func incrementalAndGitLabNamesTheProject() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://gitlab.com/group/sub/proj.git")
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "t")
        let t1 = try repo.commit("t1")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "t", "-m", "Merge branch 't' into 'main'\n\nTitle\n\nSee merge request group/sub/proj!12")
        _ = try ingest(repo)
        #expect(try pulls(repo) == [t1: ["group/sub/proj#12 merge"]])
        // A later merge is attributed by the next ingest, from where the last one stopped
        try repo.git("checkout", "-q", "-b", "u")
        let u1 = try repo.commit("u1")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "u", "-m", "Merge branch 'u'\n\nSee merge request !13")
        _ = try ingest(repo)
        #expect(try pulls(repo) == [t1: ["group/sub/proj#12 merge"], u1: ["group/sub/proj#13 merge"]])
    }

    @Test func aMergeTitledWithItsPullRequestNumberAttributesItsCommits() throws {
        // Given a merge whose message is GitHub's "pull request title" form, as rust-lang/cargo's are
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let base = try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "t")
        let t1 = try repo.commit("t1")
        let t2 = try repo.commit("t2")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "t", "-m", "fix(toml): warn on unused keys (#14912)")
        // When ingested
        _ = try ingest(repo)
        // Then the merge names #14912 for the commits it brought in: via merge, no request each
        let found = try pulls(repo)
        #expect(found[t1] == ["o/r#14912 merge"] && found[t2] == ["o/r#14912 merge"])
        #expect(found[base] == nil && found.count == 2, "\(found)")
    }
}
