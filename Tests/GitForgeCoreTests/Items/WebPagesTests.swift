import Testing
@testable import GitForgeCore

/// `git forge browse` spells URLs the way each forge's web interface does, and tells numbers from
/// revisions as `gh browse` does.
struct WebPagesTests {
    func pages(_ type: ForgeType, _ host: String, _ repo: String) -> WebPages {
        WebPages(settings: ForgeSettings(type: type, host: host, repo: repo, remote: "origin", remoteURL: ""))
    }

    @Test func eachForgesSpelling() {
        let github = pages(.github, "github.com", "Octo/Widgets")
        #expect(github.pullRequest(12) == "https://github.com/Octo/Widgets/pull/12")
        #expect(github.issue(7) == "https://github.com/Octo/Widgets/issues/7")
        #expect(github.commit("abc") == "https://github.com/Octo/Widgets/commit/abc")
        let gitlab = pages(.gitlab, "gitlab.example.com:8443", "group/sub/proj")
        #expect(gitlab.pullRequest(12) == "https://gitlab.example.com:8443/group/sub/proj/-/merge_requests/12")
        #expect(gitlab.issue(7) == "https://gitlab.example.com:8443/group/sub/proj/-/issues/7")
        #expect(gitlab.commit("abc") == "https://gitlab.example.com:8443/group/sub/proj/-/commit/abc")
        let forgejo = pages(.forgejo, "codeberg.org", "o/r")
        #expect(forgejo.pullRequest(12) == "https://codeberg.org/o/r/pulls/12")
        #expect(forgejo.issue(7) == "https://codeberg.org/o/r/issues/7")
    }

    @Test func numbersAndRevisions() {
        #expect(BrowseTarget.number("12").map { [$0.0, $0.pull ? 1 : 0] } == [12, 0])
        #expect(BrowseTarget.number("#12").map { [$0.0, $0.pull ? 1 : 0] } == [12, 0])
        #expect(BrowseTarget.number("!12").map { [$0.0, $0.pull ? 1 : 0] } == [12, 1])
        for revision in ["HEAD", "v1.2", "abc123", "12a", "#", "", "0", "12345678901", "HEAD~1"] {
            #expect(BrowseTarget.number(revision) == nil, "\(revision)")
        }
    }
}
