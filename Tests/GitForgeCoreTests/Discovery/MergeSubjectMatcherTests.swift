import Testing
@testable import GitForgeCore

/// Every merge style forges and merge bots write, read by the one grammar, and by discovery
/// through it: the merged-in reference and merge attribution cannot name different pulls.
struct MergeSubjectMatcherTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var style: String
        var forge: ForgeType
        var message: String
        var number: Int?
        var repo: String? = nil
        var testDescription: String { "\(forge.rawValue): \(style)" }
    }

    static let rows: [Row] = [
        Row(style: "GitHub merge", forge: .github, message: "Merge pull request #12 from dev/topic\n\nAdd a thing", number: 12),
        Row(style: "GitHub squash", forge: .github, message: "Add a thing (#13)", number: 13),
        Row(style: "GitHub pull request title merge (rust-lang/cargo)", forge: .github,
            message: "fix(toml): warn on unused keys (#14912)\n\nBody with #3", number: 14912),
        Row(style: "squash with CRLF and trailing space", forge: .github, message: "Add a thing (#15) \r", number: 15),
        Row(style: "bors", forge: .github, message: "Auto merge of #345 - user:branch, r=reviewer", number: 345),
        Row(style: "rust-lang rollup", forge: .github, message: "Rollup merge of #346 - user:branch, r=reviewer", number: 346),
        Row(style: "bors-ng", forge: .github, message: "Merge #88\n\n88: Fix it r=a a=b", number: 88),
        Row(style: "bors-ng with a colon", forge: .github, message: "Merge #89: Fix it", number: 89),
        Row(style: "bors-ng batch has no single owner", forge: .github, message: "Merge #88 #89", number: nil),
        Row(style: "an ordinary 'Merge #N into'", forge: .github, message: "Merge #12 into stable", number: nil),
        Row(style: "merge of a branch", forge: .github, message: "Merge branch 'topic'", number: nil),
        Row(style: "number out of range", forge: .github, message: "Merge pull request #99999999999 from x/y", number: nil),
        Row(style: "(#N) not at the end", forge: .github, message: "Revert (#5) partly", number: nil),
        Row(style: "Gitea (!N) is nothing on GitHub", forge: .github, message: "Add a thing (!7)", number: nil),
        Row(style: "GitLab footer is nothing on GitHub", forge: .github,
            message: "Merge branch 'x' into 'main'\n\nSee merge request a/b!9", number: nil),
        Row(style: "Gitea merge", forge: .gitea, message: "Merge pull request 'Add a thing' (#7) from feature into main", number: 7),
        Row(style: "Gitea merge, title holding (#4) from", forge: .gitea,
            message: "Merge pull request 'Revert \"x (#4) from y\"' (#8) from feature into main", number: 8),
        Row(style: "Gitea squash", forge: .gitea, message: "Add a thing (#9)", number: 9),
        Row(style: "Gitea external tracker", forge: .gitea, message: "Add a thing (!10)", number: 10),
        Row(style: "Gitea merge, external tracker", forge: .gitea,
            message: "Merge pull request 'Add' (!11) from feature into main", number: 11),
        Row(style: "Forgejo merge", forge: .forgejo, message: "Merge pull request 'Add' (#12) from f into main", number: 12),
        Row(style: "Forgejo GitHub-style merge (migrated)", forge: .forgejo, message: "Merge pull request #13 from o/f", number: 13),
        Row(style: "GitLab footer", forge: .gitlab,
            message: "Merge branch 'x' into 'main'\n\nTitle\n\nSee merge request a/b!9", number: 9, repo: "a/b"),
        Row(style: "GitLab footer naming this project", forge: .gitlab,
            message: "Merge branch 'x' into 'main'\n\nSee merge request group/proj!10", number: 10),
        Row(style: "GitLab footer before 10.0", forge: .gitlab, message: "Merge branch 'x'\n\nSee merge request !11", number: 11),
        Row(style: "GitLab: the last footer is the generated one", forge: .gitlab,
            message: "Revert \"y\"\n\nSee merge request !3\n\nSee merge request !12", number: 12),
        Row(style: "GitLab footer must be a line of its own", forge: .gitlab,
            message: "Merge branch 'x'\n\nPlease See merge request !11", number: nil),
        Row(style: "GitLab: (#N) is an issue", forge: .gitlab, message: "Fix a thing (#12)", number: nil),
    ]

    @Test(arguments: rows)
    func oneGrammar(row: Row) {
        let context = ReferenceContext(forge: row.forge, host: nil, repo: row.forge == .gitlab ? "group/proj" : "o/r")
        let found = MergeSubjectMatcher.match(in: row.message, syntax: ReferenceSyntax(context))
        #expect(found?.number == row.number)
        #expect(found?.repo == row.repo)
        // Discovery says the same through the same grammar.
        let merged = ReferenceParser(context).references(in: row.message).filter { $0.relation == .mergedIn }
        #expect(merged.map(\.number) == (row.number.map { [$0] } ?? []))
        #expect(merged.first?.repo == row.repo)
    }
}
