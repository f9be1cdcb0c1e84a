import Testing
@testable import GitForgeCore

/// Focused tests for the rules that cut across the message table: deduplication, ordering,
/// number limits, context normalisation and the public value types.
@Suite("ReferenceParser behaviour")
struct ReferenceParserBehaviourTests {
    private let gitHub = ReferenceParser(ReferenceParseCase.context(for: .github))
    private let gitLab = ReferenceParser(ReferenceParseCase.context(for: .gitlab))

    // MARK: Deduplication and ordering

    @Test func sharedNumberSpaceMergesKindsAndKeepsFirstPosition() {
        let message = "See #5 and #6\n\nFixes #5\nhttps://github.com/octo-org/octo-repo/pull/5"
        // #5 first appears as `any`, then closes as an issue; the later pull URL cannot
        // override a kind the text already named.
        #expect(gitHub.references(in: message) == [.closing(5), .mention(6)])
    }

    @Test func specificKindReplacesAny() {
        #expect(gitHub.references(in: "#8 https://github.com/octo-org/octo-repo/pull/8")
            == [.mention(8, .pullRequest)])
    }

    @Test func gitLabKeepsIssuesAndMergeRequestsApart() {
        #expect(gitLab.references(in: "#5 !5 #5 !5") == [.mention(5, .issue), .mention(5, .pullRequest)])
    }

    @Test func strongestRelationWinsWhateverTheOrder() {
        #expect(gitLab.references(in: "Follow-up to !9\n\nSee merge request !9") == [.merged(9)])
        #expect(gitLab.references(in: "See #4. Closes #4") == [.closing(4)])
        #expect(gitHub.references(in: "Fix (#7)\n\nsee #7, fixes #7") == [.merged(7)])
    }

    @Test func repositoriesCompareCaseInsensitivelyAndKeepFirstSpelling() {
        #expect(gitHub.references(in: "other/Repo#1 Other/repo#1 OTHER/REPO#2")
            == [.mention(1, repo: "other/Repo"), .mention(2, repo: "OTHER/REPO")])
    }

    @Test func currentRepositorySpelledOutIsLocal() {
        #expect(gitHub.references(in: "#3 Octo-Org/Octo-Repo#3 https://github.com/OCTO-ORG/octo-repo/issues/3")
            == [.mention(3, .issue)])
    }

    @Test func sameNumberInDifferentRepositoriesStaysApart() {
        #expect(gitHub.references(in: "#1 a/b#1 c/d#1")
            == [.mention(1), .mention(1, repo: "a/b"), .mention(1, repo: "c/d")])
    }

    @Test func manyDuplicatesSwitchToHashedLookupWithoutChangingResults() {
        // More than the collector's linear-search limit, then repeats of every one of them.
        let numbers = Array(1...40)
        let message = (numbers + numbers.reversed()).map { "#\($0)" }.joined(separator: " ")
        #expect(gitHub.references(in: message) == numbers.map { .mention($0) })
    }

    // MARK: Limits

    @Test(arguments: [
        ("#1", [Reference.mention(1)]),
        ("#2147483647", [Reference.mention(2_147_483_647)]),
        ("#2147483648", []),
        ("#9223372036854775807", []),
        ("#9223372036854775808", []),
        ("#184467440737095516161844674407370955161", []),
        ("#0", []),
        ("#00", []),
        ("#012", []),
    ])
    func numberLimits(_ text: String, _ expected: [Reference]) {
        #expect(gitHub.references(in: text) == expected)
        #expect(gitHub.references(in: "x (\(text)) y") == expected)
    }

    @Test func oversizedNumbersAreNotReadAsSmallerOnes() {
        #expect(gitLab.references(in: "!99999999999 https://gitlab.com/a/b/-/issues/99999999999 GH-99999999999") == [])
        #expect(gitHub.references(in: "GH-99999999999 https://github.com/a/b/pull/99999999999") == [])
    }

    @Test(arguments: ["", "#", "!", "GH-", "gh-", "://", "https://", "https://github.com", "https://github.com/",
                      "#\n", "Fixes", "Fixes ", "Closes #", "See merge request", "See merge request !", "a/b#", "/#1"])
    func degenerateInputs(_ text: String) {
        for forge in ForgeType.allCases {
            #expect(ReferenceParser(ReferenceParseCase.context(for: forge)).references(in: text) == [], "\(forge)")
        }
    }

    @Test func referencesAtTheVeryEndOfTheText() {
        #expect(gitHub.references(in: "#12") == [.mention(12)])
        #expect(gitHub.references(in: "x GH-12") == [.mention(12)])
        #expect(gitHub.references(in: "https://github.com/a/b/pull/12") == [.mention(12, .pullRequest, repo: "a/b")])
        #expect(gitLab.references(in: "See merge request !12") == [.merged(12)])
    }

    // MARK: Context

    @Test func hostIsNormalisedAndComparedCaseInsensitively() {
        let parser = ReferenceParser(ReferenceContext(forge: .github, host: " https://GitHub.COM/ ", repo: "/Octo/App.git/"))
        #expect(parser.references(in: "HTTPS://github.com/octo/app/pull/1 https://GITHUB.com/x/y/issues/2")
            == [.mention(1, .pullRequest), .mention(2, .issue, repo: "x/y")])
        #expect(parser.references(in: "octo/app#3") == [.mention(3)])
    }

    @Test func portPinnedByTheContextMustMatch() {
        let pinned = ReferenceParser(ReferenceContext(forge: .gitlab, host: "gitlab.example.com:8443", repo: "g/p"))
        #expect(pinned.references(in: "https://gitlab.example.com:8443/g/p/-/issues/1 https://gitlab.example.com:9000/g/p/-/issues/2 https://gitlab.example.com/g/p/-/issues/3")
            == [.mention(1, .issue)])
        let unpinned = ReferenceParser(ReferenceContext(forge: .gitlab, host: "gitlab.example.com", repo: "g/p"))
        #expect(unpinned.references(in: "https://gitlab.example.com:8443/g/p/-/issues/1 https://gitlab.example.com/g/p/-/issues/3")
            == [.mention(1, .issue), .mention(3, .issue)])
    }

    @Test func withoutHostNoURLIsAReference() {
        let parser = ReferenceParser(ReferenceContext(forge: .github, host: nil, repo: "octo/app"))
        #expect(parser.references(in: "https://github.com/octo/app/pull/1 #2") == [.mention(2)])
    }

    @Test func withoutRepoCrossReferencesKeepTheirPath() {
        let parser = ReferenceParser(ReferenceContext(forge: .github, host: "github.com", repo: nil))
        #expect(parser.references(in: "octo/app#1 #2") == [.mention(1, repo: "octo/app"), .mention(2)])
    }

    @Test func hostMustMatchExactlyNotAsSuffixOrPrefix() {
        #expect(gitHub.references(in: "https://notgithub.com/a/b/pull/1 https://github.com.evil.io/a/b/pull/2 https://user@github.com/a/b/pull/3") == [])
    }

    @Test func onlyHTTPSchemesAreReferences() {
        #expect(gitHub.references(in: "git://github.com/a/b/pull/1 xhttps://github.com/a/b/pull/2 ftp://github.com/a/b/pull/3") == [])
    }

    // MARK: Value types

    @Test func relationsOrderByStrength() {
        #expect(ReferenceRelation.mentions < .closes)
        #expect(ReferenceRelation.closes < .mergedIn)
        #expect([ReferenceRelation.closes, .mergedIn, .mentions].max() == .mergedIn)
        #expect([ReferenceRelation.mergedIn, .closes, .mentions].map(\.strength) == [3, 2, 1])
    }

    @Test func rawValuesAreStable() {
        #expect(ReferenceKind.pullRequest.rawValue == "pull")
        #expect(ReferenceKind.issue.rawValue == "issue")
        #expect(ReferenceKind.any.rawValue == "any")
        #expect(ReferenceRelation.mergedIn.rawValue == "mergedIn")
        #expect(ReferenceRelation(rawValue: "closes") == .closes)
    }

    @Test func parserIsReusableAcrossMessagesAndThreads() async {
        let parser = gitHub
        let results = await withTaskGroup(of: [Reference].self) { group in
            for i in 1...8 { group.addTask { parser.references(in: "Fix thing (#\(i))") } }
            var all: [[Reference]] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(Set(results.flatMap { $0 }) == Set((1...8).map { Reference.merged($0) }))
    }
}
