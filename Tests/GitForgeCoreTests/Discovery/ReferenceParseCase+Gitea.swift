@testable import GitForgeCore

/// Gitea rows (owner/repo on gitea.example.com) and Forgejo rows (forgejo/forgejo on
/// codeberg.org). Both share GitHub's number space and keyword list but have their own URLs
/// and merge subjects.
extension ReferenceParseCase {
    static let giteaAndForgejo: [ReferenceParseCase] = [
        .init("Gitea merge subject", .gitea,
              "Merge pull request 'Add dark mode' (#123) from feature/dark into main",
              [.merged(123)]),
        .init("Gitea merge subject whose title contains references", .gitea,
              "Merge pull request 'Revert \"Fix (#4) from x\" (#9)' (#123) from alice/repo:fix into main",
              [.mention(4), .mention(9), .merged(123)]),
        .init("Gitea merge subject whose title imitates the generated part", .gitea,
              "Merge pull request 'Fix 'x' (#5) from y' (#6) from b into main",
              [.mention(5), .merged(6)]),
        .init("Gitea squash merge with Reviewed-on trailer", .gitea,
              """
              Fix login redirect (#45)

              Reviewed-on: https://gitea.example.com/owner/repo/pulls/45
              Reviewed-by: Admin <admin@example.com>
              """,
              [.merged(45)]),
        .init("Gitea external-tracker merge and squash subjects use !", .gitea,
              "Merge pull request 'Add API' (!67) from api into main\n\nSee !69 and (!70)",
              [.merged(67)]),
        .init("Gitea external-tracker squash subject", .gitea,
              "Add API (!68)",
              [.merged(68)]),
        .init("Gitea closing keywords", .gitea,
              "Fix login\n\nCloses #10, fixes #11, #12\nresolves owner/other#13",
              [.closing(10), .closing(11), .mention(12), .closing(13, repo: "owner/other")]),
        .init("Gitea URLs", .gitea,
              """
              Backport review fixes

              https://gitea.example.com/owner/repo/pulls/5/files
              https://gitea.example.com/owner/repo/issues/6#issuecomment-7
              https://gitea.example.com/other/lib/issues/8
              """,
              [.mention(5, .pullRequest), .mention(6, .issue), .mention(8, .issue, repo: "other/lib")]),
        .init("GitHub-shaped pull URL is not a Gitea URL", .gitea,
              "See https://gitea.example.com/owner/repo/pull/9",
              []),
        .init("GH- prefix means nothing on Gitea", .gitea,
              "Port GH-12 from upstream",
              []),
        .init("Gitea repository names may contain dots and underscores", .gitea,
              "See my_org/some.repo#4 and Owner/Repo#5",
              [.mention(4, repo: "my_org/some.repo"), .mention(5)]),
        .init("Gitea with a plain bors subject", .gitea,
              "Auto merge of #31 - bob:docs, r=alice",
              [.merged(31)]),
        .init("Forgejo squash merge on Codeberg", .forgejo,
              """
              Add quota enforcement to the API (#4521)

              Quota checks were only applied to the web UI.

              Fixes: #4400
              Reviewed-on: https://codeberg.org/forgejo/forgejo/pulls/4521
              Reviewed-by: Earl Warren <earl-warren@noreply.codeberg.org>
              Co-authored-by: Gusted <postmaster@gusted.xyz>
              """,
              [.merged(4521), .closing(4400)]),
        .init("Forgejo merge subject from a fork", .forgejo,
              "Merge pull request '[BUG] Fix (feed) rendering' (#5012) from alice/forgejo:fix-feed into forgejo",
              [.merged(5012)]),
        .init("Forgejo accepts the GitHub merge subject of migrated history", .forgejo,
              "Merge pull request #123 from go-gitea/backport\n\nBackport #120",
              [.merged(123), .mention(120)]),
        .init("Forgejo closing by URL and cross-repo", .forgejo,
              "Fix webhook retries\n\nFixes https://codeberg.org/forgejo/forgejo/issues/99\nCloses forgejo/website#7",
              [.closing(99), .closing(7, repo: "forgejo/website")]),
        .init("Forgejo URLs to other repositories and other hosts", .forgejo,
              """
              Sync with Gitea

              https://codeberg.org/forgejo/runner/pulls/100
              https://github.com/go-gitea/gitea/pull/30000
              https://gitea.com/gitea/act/pulls/55
              """,
              [.mention(100, .pullRequest, repo: "forgejo/runner")]),
        .init("Forgejo: three-segment paths are not repositories", .forgejo,
              "See a/b/c#4 and docs/#5",
              []),
        .init("Forgejo non-ASCII and release notes", .forgejo,
              """
              Release v9.0.1

              # Changes
              - Correction de l’export (#5100) — « résout #5090 »
              - 修复 #5101
              """,
              [.mention(5100), .mention(5090), .mention(5101)]),
        .init("Forgejo bang in the body is plain text", .forgejo,
              "Make it faster!\n\nBenchmarks improved !30 percent",
              []),
        .init("Forgejo revert of a squash merge", .forgejo,
              "Revert \"Add quota enforcement to the API (#4521)\" (#4530)\n\nThis reverts commit 0123456789abcdef.",
              [.mention(4521), .merged(4530)]),
    ]
}
