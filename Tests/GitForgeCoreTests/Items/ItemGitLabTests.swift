import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// On GitLab merge requests and issues are numbered apart: `pr 6` and `issue 6` are different
/// things, and neither is ever answered by the other.
struct ItemGitLabTests {
    @Test func mergeRequestsAndIssuesAreKeptApart() throws {
        // Given !5 (a merge request), !6 (no such merge request) and #6 (an issue), resolved
        let h = try ResolverHarness(.gitlab, numbers: [5, 6], issueNumbers: [6])
        try h.run()
        let workspace = try h.workspace()
        let query = ItemQuery(workspace: workspace, store: try workspace.openStore())

        let five = try query.pullRequest(5)
        #expect(five.link.item?.title == "Item 5")
        // "Refs !5" mentions it: listed, not as a commit that belongs to it
        #expect(five.commits.map(\.relation) == [.mentions] && five.commits.map(\.via) == [nil])
        let six = try query.issue(6)
        #expect(six.link.item?.title == "Item 6")
        #expect(six.commits.map(\.relation) == [.mentions])
        #expect(throws: ItemError.self) { try query.pullRequest(6) }
        do {
            _ = try query.pullRequest(6)
        } catch let error as ItemError {
            guard case .notFound(.pull, 6, _) = error else { Issue.record("\(error)"); return }
        }
        #expect(throws: ItemError.unknown(.issue, 5)) { try query.issue(5) }
        #expect(try BrowseTarget.url(for: "!5", workspace: workspace, store: workspace.openStore())
                == "https://gitlab.com/g/p/-/merge_requests/5")
    }
}
