@testable import GitForgeCore

/// GitLab rows; the current project is group/sub/project on gitlab.com. Issues (`#`) and
/// merge requests (`!`) are separate number spaces here.
extension ReferenceParseCase {
    static let gitLab: [ReferenceParseCase] = [
        .init("merge commit with full merge request path", .gitlab,
              """
              Merge branch 'feature/export' into 'main'

              Add CSV export

              Closes #12

              See merge request group/sub/project!34
              """,
              [.closing(12), .merged(34)]),
        .init("legacy merge request footer", .gitlab,
              "Merge branch 'fix' into 'master'\n\nFix thing\n\nSee merge request !56",
              [.merged(56)]),
        .init("merge request footer naming another project", .gitlab,
              "Merge branch 'sync' into 'main'\n\nSee merge request other/proj!7",
              [.merged(7, repo: "other/proj")]),
        .init("closing list joined by commas and and", .gitlab,
              "Fix exporter\n\nCloses #1, #2 and #3",
              [.closing(1), .closing(2), .closing(3)]),
        .init("closing list with issue words and odd spacing", .gitlab,
              "Fixes issue #4, issues #5,#6 , and #7",
              [.closing(4), .closing(5), .closing(6), .closing(7)]),
        .init("only the first letter of a keyword may be upper case", .gitlab,
              "Cleanup\n\nCLOSES #1\nfixes #2\nImplements #3\nResolving #4\nclosing #5\nFixEs #6",
              [.mention(1, .issue), .closing(2), .closing(3), .closing(4), .closing(5), .mention(6, .issue)]),
        .init("colon and spacing rules", .gitlab,
              "Fixes: #8\nFixes:#9\nFixes\t#10\nFixes   #11",
              [.closing(8), .mention(9, .issue), .mention(10, .issue), .closing(11)]),
        .init("Jira keys are ignored and end the list", .gitlab,
              "Closes PROJ-123, #4\nCloses #5, PROJ-6",
              [.mention(4, .issue), .closing(5)]),
        .init("merge request mentions", .gitlab,
              "Depends on !12 and group/other!13; follow-up to Group/Sub/Project!14",
              [.mention(12, .pullRequest), .mention(13, .pullRequest, repo: "group/other"), .mention(14, .pullRequest)]),
        .init("cross-project closing", .gitlab,
              "Closes group/other#15 and #16",
              [.closing(15, repo: "group/other"), .closing(16)]),
        .init("squash-style suffix is an issue mention on GitLab", .gitlab,
              "Fix crash in parser (#123)",
              [.mention(123, .issue)]),
        .init("a squash suffix echoing the merge request the footer names is not an issue", .gitlab,
              "Fix crash in parser (#123)\n\nSee merge request group/sub/project!123",
              [.merged(123)]),
        .init("a squash suffix echoing a merge request the text names is not an issue", .gitlab,
              "Fix crash in parser (#123)\n\nFollow-up to !123",
              [.mention(123, .pullRequest)]),
        .init("a squash suffix naming another number than the merge request stays an issue", .gitlab,
              "Fix crash in parser (#123)\n\nSee merge request !124",
              [.mention(123, .issue), .merged(124)]),
        .init("a squash suffix is kept when the issue is named again", .gitlab,
              "Fix crash in parser (#123)\n\nCloses #123\n\nSee merge request !123",
              [.closing(123), .merged(123)]),
        .init("another project's merge request is no echo", .gitlab,
              "Fix crash in parser (#123)\n\nSee merge request other/proj!123",
              [.mention(123, .issue), .merged(123, repo: "other/proj")]),
        .init("URLs on the GitLab host", .gitlab,
              """
              Address review

              https://gitlab.com/group/sub/project/-/merge_requests/12
              https://gitlab.com/group/sub/project/-/issues/13#note_99
              https://gitlab.com/other/deep/nested/proj/-/issues/14
              https://gitlab.com/group/sub/project/-/merge_requests/15/diffs?view=parallel
              """,
              [.mention(12, .pullRequest), .mention(13, .issue), .mention(14, .issue, repo: "other/deep/nested/proj"),
               .mention(15, .pullRequest)]),
        .init("closing by URL continues into a list", .gitlab,
              "Closes https://gitlab.com/group/sub/project/-/issues/20 and #21",
              [.closing(20), .closing(21)]),
        .init("pre-2019 URLs without the dash separator", .gitlab,
              "See https://gitlab.com/group/sub/project/issues/22 and https://gitlab.com/group/sub/project/merge_requests/23",
              [.mention(22, .issue), .mention(23, .pullRequest)]),
        .init("URLs on other hosts", .gitlab,
              "Upstream https://github.com/group/sub/issues/1 and https://example.com/x#5 and http://example.com/!7",
              []),
        .init("issue and merge request with the same number", .gitlab,
              "Merge branch 'x' into 'main'\n\nCloses #7\n\nSee merge request !7",
              [.closing(7), .merged(7)]),
        .init("GitHub syntax means nothing on GitLab", .gitlab,
              "Port GH-42 from the mirror",
              []),
        .init("a merge request in a closing list breaks the list", .gitlab,
              "Closes !5, #6",
              [.mention(5, .pullRequest), .mention(6, .issue)]),
        .init("a newline ends the list", .gitlab,
              "Closes #1,\n#2",
              [.closing(1), .mention(2, .issue)]),
        .init("non-ASCII around references", .gitlab,
              "Résout #5, corrige !6 🎉\n修复 #7",
              [.mention(5, .issue), .mention(6, .pullRequest), .mention(7, .issue)]),
        .init("revert merged through a merge request", .gitlab,
              """
              Revert "Add caching"

              This reverts commit 0123456789abcdef0123456789abcdef01234567.

              See merge request group/sub/project!88
              """,
              [.merged(88)]),
        .init("CSS and exclamations are not merge requests", .gitlab,
              "Style tweaks\n\na { color: #fff !important; }\nWow!1 done!!",
              []),
        .init("capitalised Issue word is not part of the pattern", .gitlab,
              "Closes Issue #3",
              [.mention(3, .issue)]),
        .init("cherry-pick with trailers", .gitlab,
              """
              Fix token refresh race

              Fixes #301

              (cherry picked from commit 4f2a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a)

              Signed-off-by: Jane Doe <jane@example.com>
              Co-authored-by: John Roe <john@example.com>
              """,
              [.closing(301)]),
        .init("two-segment path is the minimum for cross-project references", .gitlab,
              "See project#4 and a/b#5 and x/y/z!6",
              [.mention(5, .issue, repo: "a/b"), .mention(6, .pullRequest, repo: "x/y/z")]),
    ]
}
