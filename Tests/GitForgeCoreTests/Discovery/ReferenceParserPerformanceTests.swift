import Testing
@testable import GitForgeCore

/// Size and adversarial-input cases. The parser runs on every commit during ingest, so it must
/// stay linear: these inputs would take seconds to minutes with a quadratic scan or a
/// backtracking regex. Limits are generous because tests run unoptimised and in parallel;
/// release-mode numbers come from the benchmark executable, not from here.
@Suite("ReferenceParser performance", .serialized)
struct ReferenceParserPerformanceTests {
    private let gitHub = ReferenceParser(ReferenceParseCase.context(for: .github))
    private let gitLab = ReferenceParser(ReferenceParseCase.context(for: .gitlab))
    /// Generous: a debug build on a loaded 2-core machine; quadratic behaviour would take minutes.
    private static let budget = Duration.seconds(20)

    private func timed<T>(_ body: () -> T) -> (T, Duration) {
        let clock = ContinuousClock()
        var result: T?
        let elapsed = clock.measure { result = body() }
        return (result!, elapsed)
    }

    @Test func tenThousandDistinctReferences() {
        let message = (1...10_000).map { "#\($0)" }.joined(separator: " ")
        let (refs, elapsed) = timed { gitHub.references(in: message) }
        #expect(refs == (1...10_000).map { .mention($0) })
        #expect(elapsed < Self.budget, "\(elapsed)")
    }

    @Test func tenThousandDistinctGitLabReferencesOfBothKinds() {
        let message = (1...5_000).map { "Closes #\($0) and group/other!\($0)," }.joined(separator: "\n")
        let (refs, elapsed) = timed { gitLab.references(in: message) }
        #expect(refs.count == 10_000)
        #expect(refs.prefix(2) == [.closing(1), .mention(1, .pullRequest, repo: "group/other")])
        #expect(elapsed < Self.budget, "\(elapsed)")
    }

    @Test func tenMegabytesOfFillerWithAFewReferences() {
        let line = "filler text: lorem ipsum dolor sit amet, consectetur-adipiscing elit; see C#, #fff.\n"
        let filler = String(repeating: line, count: 10_000_000 / line.utf8.count)
        let message = "Fix crash (#1)\n" + filler + "Fixes #2\n" + filler + "https://github.com/octo-org/octo-repo/pull/3"
        #expect(message.utf8.count > 19_000_000)
        let (refs, elapsed) = timed { gitHub.references(in: message) }
        #expect(refs == [.merged(1), .closing(2), .mention(3, .pullRequest)])
        #expect(elapsed < Self.budget, "\(elapsed)")
    }

    /// Inputs aimed at each look-back and look-ahead in the scanner.
    @Test(arguments: [
        ("long path before sigil", String(repeating: "a/", count: 500_000) + "b#1"),
        ("only sigils", String(repeating: "#", count: 1_000_000)),
        ("sigils glued to numbers", String(repeating: "#1", count: 500_000)),
        ("endless GitLab closing list", "Closes #1" + String(repeating: ", #1", count: 250_000)),
        ("URL schemes without hosts", String(repeating: "https://", count: 125_000)),
        ("one megabyte of spaces before a keyword target", "Fixes" + String(repeating: " ", count: 1_000_000) + "#1"),
        ("letters before a sigil", String(repeating: "x", count: 1_000_000) + " #1"),
        ("dashes for GH-", String(repeating: "gh-", count: 333_333)),
        ("huge URL on the host", "https://github.com/" + String(repeating: "a/", count: 500_000) + "pull/1"),
        ("huge GitLab URL", "https://gitlab.com/" + String(repeating: "g/", count: 500_000) + "-/issues/1"),
        ("nested Gitea merge subject", "Merge pull request '" + String(repeating: "' (#1) from ", count: 100_000)),
    ])
    func adversarialInputStaysLinear(_ name: String, _ message: String) {
        for parser in [gitHub, gitLab, ReferenceParser(ReferenceParseCase.context(for: .gitea))] {
            let (_, elapsed) = timed { parser.references(in: message) }
            #expect(elapsed < Self.budget, "\(name): \(elapsed)")
        }
    }

    /// The ingest case: 23,000 typical ~700-byte messages. Prints the cost so regressions are
    /// visible in test logs; the hard target (< 30 ms in release) is checked by the benchmark.
    @Test func typicalIngestBatch() {
        let messages = (0..<23_000).map(Self.typicalMessage)
        let (count, elapsed) = timed { messages.reduce(0) { $0 + gitHub.references(in: $1).count } }
        print("ReferenceParser: 23,000 messages of ~\(messages[0].utf8.count) bytes in \(elapsed) (unoptimised build)")
        #expect(count > 0)
        #expect(elapsed < Self.budget, "\(elapsed)")
    }

    static func typicalMessage(_ i: Int) -> String {
        """
        Refactor the index writer to stream entries (#\(1000 + i))

        The previous implementation kept every entry in memory before writing the
        index, which made large repositories need several hundred megabytes while
        checking out. Stream entries to disk as they are produced and flush in
        fixed-size chunks instead; the on-disk format is unchanged, so readers do
        not need to change. Also tidy up error handling in the writer so partial
        writes are reported with the path that failed rather than a bare errno.

        Fixes #\(i % 500 + 1), see also https://github.com/octo-org/octo-repo/issues/\(i % 700 + 1).

        Signed-off-by: Jane Developer <jane.developer@example.com>
        Co-authored-by: John Reviewer <john.reviewer@example.com>
        """
    }
}
