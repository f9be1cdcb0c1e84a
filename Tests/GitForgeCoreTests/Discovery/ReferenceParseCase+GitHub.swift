@testable import GitForgeCore

/// GitHub rows; the current repository is octo-org/octo-repo on github.com.
extension ReferenceParseCase {
    static let gitHub: [ReferenceParseCase] = [
        .init("squash merge subject", .github,
              "Fix crash in parser (#123)",
              [.merged(123)]),
        .init("squash merge with trailing whitespace and body", .github,
              "Fix crash in parser (#123)  \n\nThe tokenizer returned nil for empty input.\n",
              [.merged(123)]),
        .init("squash merge with CRLF line endings", .github,
              "Fix crash in parser (#124)\t\r\n\r\nBody.\r\n",
              [.merged(124)]),
        .init("squash merge body lists the squashed commits", .github,
              """
              Add retry to uploader (#2041)

              Uploads failed permanently on a single 502. Retry three times with
              backoff, as discussed in #1999.

              * Add retry loop
              * Address review comments (#2040 follow-up)

              Co-authored-by: Mona Lisa <mona@example.com>
              Signed-off-by: Hubot <hubot@example.com>
              """,
              [.merged(2041), .mention(1999), .mention(2040)]),
        .init("parenthesised number not at the end of the subject", .github,
              "Fix (#12) crash in parser",
              [.mention(12)]),
        .init("parenthesised number at the end of a body line", .github,
              "Update dependencies\n\nBump serde (#77)",
              [.mention(77)]),
        .init("parenthesised cross-repo reference ends the subject", .github,
              "Bump vendored lexer (rust-lang/rust#5)",
              [.mention(5, repo: "rust-lang/rust")]),
        .init("merge pull request subject", .github,
              "Merge pull request #456 from mona/fix-typo\n\nFix typo in README",
              [.merged(456)]),
        .init("merge pull request subject with closing body", .github,
              "Merge pull request #457 from mona/closing\n\nHandle empty config\n\nCloses #400",
              [.merged(457), .closing(400)]),
        .init("merge pull request subject without from is a mention", .github,
              "Merge pull request #458",
              [.mention(458)]),
        .init("bors auto merge subject", .github,
              """
              Auto merge of #789 - alice:fix-lexer, r=bob

              Fix lexer on empty input

              Fixes #700
              """,
              [.merged(789), .closing(700)]),
        .init("rollup merge subject", .github,
              "Rollup merge of #98765 - user:branch, r=reviewer\n\nImprove diagnostics (#98000)",
              [.merged(98765), .mention(98000)]),
        .init("every closing keyword", .github,
              "Cleanup\n\nclose #1 closes #2 closed #3\nfix #4 fixes #5 fixed #6\nresolve #7 resolves #8 resolved #9",
              (1...9).map { .closing($0) }),
        .init("closing keywords ignore case", .github,
              "CLOSES #1\nFiXeD #2",
              [.closing(1), .closing(2)]),
        .init("closing keyword with colon and tab, but not across lines", .github,
              "Handle SIGPIPE\n\nFixes: #12\nResolves:\t#13\nCloses\n#14",
              [.closing(12), .closing(13), .mention(14)]),
        .init("closing keyword inside a squash subject", .github,
              "Fix #31: handle empty input (#32)",
              [.closing(31), .merged(32)]),
        .init("repeated keywords from the GitHub docs", .github,
              "Update docs\n\nResolves #10, resolves #123, resolves octo-org/octo-repo#100",
              [.closing(10), .closing(123), .closing(100)]),
        .init("list without repeated keyword only closes the first", .github,
              "Fix two bugs\n\nFixes #1, #2",
              [.closing(1), .mention(2)]),
        .init("keyword must be a whole word", .github,
              "Prefix handling\n\nunfixed #3, prefixes #4, hotfix #5, fixes-#6",
              [.mention(3), .mention(4), .mention(5)]),
        .init("cross-repo references", .github,
              "Port upstream patch\n\nFixes other-org/tool#5\nSee also Octo-Org/Octo-Repo#6 and other-org/tool#7",
              [.closing(5, repo: "other-org/tool"), .mention(6), .mention(7, repo: "other-org/tool")]),
        .init("GH- prefix", .github,
              "Port GH-42 and gh-43, fixes GH-44 (GH-45)",
              [.mention(42), .mention(43), .closing(44), .mention(45)]),
        .init("URLs on the forge host", .github,
              """
              Follow-up review fixes

              See https://github.com/octo-org/octo-repo/pull/12/files and
              https://github.com/octo-org/octo-repo/issues/13#issuecomment-1 and
              <https://github.com/octo-org/octo-repo/pull/14?w=1>.
              """,
              [.mention(12, .pullRequest), .mention(13, .issue), .mention(14, .pullRequest)]),
        .init("URLs to other repositories, any case, with port and http", .github,
              "Upstream: https://GitHub.com/rust-lang/rust/issues/1234\nhttp://github.com:443/octo-org/octo-repo/pull/15",
              [.mention(1234, .issue, repo: "rust-lang/rust"), .mention(15, .pullRequest)]),
        .init("closing an issue by URL", .github,
              "Fix crash on resize\n\nFixes https://github.com/octo-org/octo-repo/issues/3.",
              [.closing(3)]),
        .init("a pull request URL after a keyword is only a mention", .github,
              "Fixes https://github.com/octo-org/octo-repo/pull/4",
              [.mention(4, .pullRequest)]),
        .init("URLs on other hosts", .github,
              """
              Update links

              Docs: https://example.com/page#123
              Mirror: https://gitlab.com/octo-org/octo-repo/-/issues/5
              Fork: https://example.com/a/b/pull/6 (#7 there)
              """,
              [.mention(7)]),
        .init("revert of a squash merge", .github,
              """
              Revert "Fix crash in parser (#123)" (#130)

              This reverts commit 0123456789abcdef0123456789abcdef01234567.
              """,
              [.mention(123), .merged(130)]),
        .init("revert of a merge commit", .github,
              """
              Revert "Merge pull request #77 from a/b"

              This reverts commit 4f2a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a, reversing
              changes made to 9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b.
              """,
              [.mention(77)]),
        .init("cherry-pick line", .github,
              "Fix overflow in varint decoder (#301)\n\n(cherry picked from commit 4f2a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a)",
              [.merged(301)]),
        .init("release notes with markdown headings", .github,
              """
              Release v2.4.0

              ## Features
              - Add dark mode (#210)
              - Support SSO login (#215)

              ## Fixes
              - Fix crash on startup (#220)
              """,
              [.mention(210), .mention(215), .mention(220)]),
        .init("code block and colours in the body", .github,
              """
              Add C example to README

              ```c
              #include <stdio.h>
              int main(void) { printf("#%d\\n", 1); }
              ```

              Colours: #fff, #a1b2c3, #123abc. Refs #88
              """,
              [.mention(88)]),
        .init("non-ASCII around references", .github,
              "Résout #5 : corrige l’affichage 🐛 #6\n修复 #7（#8）和 #9を修正\n🐛 Fix #10",
              [.mention(5), .mention(6), .mention(7), .mention(8), .mention(9), .closing(10)]),
        .init("kernel-style trailers", .github,
              """
              net: fix null deref in foo_bar()

              Fixes: 1234abcd5678 ("net: add foo_bar")
              Link: https://lore.kernel.org/r/20240101.123#456
              Cc: stable@vger.kernel.org # 5.10+
              Reported-by: Jane Doe <jane@example.com>
              """,
              []),
        .init("GitLab syntax means nothing on GitHub", .github,
              "Apply !12\n\nSee merge request !13",
              []),
        .init("repeated reference collapses to the strongest relation", .github,
              "Fix crash (#50)\n\nFixes #50\nhttps://github.com/octo-org/octo-repo/pull/50",
              [.merged(50)]),
        .init("boundary punctuation before references", .github,
              "Refs: [#1], {#2}, '#3', \"#4\", <#5>; #6",
              (1...6).map { .mention($0) }),
        .init("host names are not owners", .github,
              "Mirror example.com/page#3 and www.example.org/x#4",
              []),
    ]
}
