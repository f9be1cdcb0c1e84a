/// One pass over one message: turns each candidate position found by
/// `ReferenceParser.nextCandidate` into a reference (or nothing) and decides its relation.
///
/// Every handler returns the index to resume from, always past what it examined forwards,
/// and look-backs never cross `consumedEnd`, so no byte is examined more than a bounded
/// number of times whatever the input.
struct ReferenceScanner {
    typealias Buffer = ReferenceBytes.Buffer

    private let b: Buffer
    private let syntax: ReferenceSyntax
    private var collector: ReferenceCollector
    /// End of the last URL token. Bytes before it belong to that URL, so look-backs must not
    /// reinterpret them (`https://x.org/a/b` must not yield a path ending in `a/b`).
    private var consumedEnd = 0
    /// GitLab: end of the last issue reference a closing keyword (list) closed, or -1. The next
    /// issue reference continues the list only if nothing but a separator lies in between.
    private var closingListEnd = -1
    /// Where the subject names the merged pull request; computed on first need because most
    /// messages never ask. `Int.min` = not computed yet, -1 = none.
    private var mergedInSigilCache = Int.min
    /// GitLab: the `(#N)` suffix of the subject (`Int.min` = not computed yet, -1 = none), the
    /// number it gave, and the bare issue numbers read elsewhere (few: only kept when there is
    /// such a suffix).
    private var squashSuffixSigilCache = Int.min
    private var squashEcho: Int?
    private var otherBareIssues: [Int] = []

    init(bytes: Buffer, syntax: ReferenceSyntax) {
        b = bytes
        self.syntax = syntax
        collector = ReferenceCollector(sharedNumberSpace: syntax.sharedNumberSpace)
    }

    mutating func scan(from first: Int) -> [Reference] {
        var next: Int? = first
        while let t = next {
            let resume: Int
            switch b[t] {
            case ReferenceBytes.hash, ReferenceBytes.bang: resume = scanSigil(at: t)
            case ReferenceBytes.colon: resume = scanURL(colon: t)
            default: resume = scanGHPrefix(dash: t)
            }
            next = ReferenceParser.nextCandidate(in: b, from: resume, syntax.triggers)
        }
        dropSquashEcho()
        return collector.references
    }

    /// GitLab: a subject ending `(#12)` in a commit whose message also names merge request !12
    /// (its `See merge request …!12` footer, or `!12` in the text) echoes the merge request's
    /// number; reading it as issue #12 would queue a request for an issue nobody named, and
    /// count it in `status`. Kept when `#12` appears anywhere else in the message.
    private mutating func dropSquashEcho() {
        guard let echo = squashEcho, !issueNamedElsewhere,
              collector.contains(repo: nil, kind: .pullRequest, number: echo) else { return }
        collector.remove(repo: nil, kind: .issue, number: echo)
    }

    // MARK: - `#12`, `!12`, `owner/name#12`, `group/sub/project!12`

    private mutating func scanSigil(at t: Int) -> Int {
        let sigil = b[t]
        guard let (number, end) = ReferenceBytes.number(in: b, from: t + 1, to: b.count),
              ReferenceBytes.endsReference(b, at: end) else { return t + 1 }
        var start = t
        var repo: String?
        if t > consumedEnd, ReferenceBytes.isPathCharacter(b[t - 1]) {
            // Only a whole repository path may touch the sigil; `foo#12`, `C#7` and
            // `page#123` fail here because they are not one.
            start = repoPathStart(before: t)
            guard ReferenceBytes.mayStartReference(b, at: start),
                  ReferenceRepoPath.isValid(b, start..<t, syntax: syntax) else { return end }
            repo = ReferenceRepoPath.repo(b, start..<t, syntax: syntax)
        } else if !ReferenceBytes.mayStartReference(b, at: t) {
            return end
        }
        let isBare = start == t

        if sigil == ReferenceBytes.bang {
            if syntax.bangIsMergeRequest {
                add(repo, .pullRequest, number, t == mergedInSigil() ? .mergedIn : .mentions)
                closingListEnd = -1
            } else if isBare, t == mergedInSigil() {
                add(nil, .pullRequest, number, .mergedIn)
            }
            // Elsewhere `!12` is just text.
        } else if syntax.sharedNumberSpace {
            if isBare, t == mergedInSigil() {
                add(nil, .pullRequest, number, .mergedIn)
            } else if ClosingKeywordMatcher.sharedKeywordPrecedes(b, referenceStart: start) {
                add(repo, .issue, number, .closes)
            } else {
                add(repo, .any, number, .mentions)
            }
        } else {
            if repo == nil { noteGitLabIssue(number, bare: isBare, sigil: t) }
            addGitLabIssue(repo, number, start: start, end: end)
        }
        return end
    }

    /// Remembers whether this `#N` is the subject's `(#N)` suffix or another naming of it.
    private mutating func noteGitLabIssue(_ number: Int, bare: Bool, sigil t: Int) {
        if squashSuffixSigilCache == Int.min {
            squashSuffixSigilCache = MergeSubjectMatcher.squashSuffixSigil(in: b) ?? -1
        }
        if bare, t == squashSuffixSigilCache {
            squashEcho = number
        } else if squashSuffixSigilCache >= 0 {
            otherBareIssues.append(number)
        }
    }

    private var issueNamedElsewhere: Bool {
        guard let squashEcho else { return false }
        return otherBareIssues.contains(squashEcho)
    }

    /// Walks back over `[A-Za-z0-9_.-/]`, bounded by the last URL and the longest plausible path.
    private func repoPathStart(before t: Int) -> Int {
        let lowest = max(consumedEnd, t - ReferenceRepoPath.maximumLength - 1)
        var s = t - 1
        while s > lowest, ReferenceBytes.isPathCharacter(b[s - 1]) || b[s - 1] == ReferenceBytes.slash { s -= 1 }
        return s
    }

    // MARK: - `GH-12` (GitHub only)

    private mutating func scanGHPrefix(dash t: Int) -> Int {
        let start = t - 2
        guard syntax.acceptsGHPrefix, start >= consumedEnd,
              ReferenceBytes.mayStartReference(b, at: start),
              let (number, end) = ReferenceBytes.number(in: b, from: t + 1, to: b.count),
              ReferenceBytes.endsReference(b, at: end) else { return t + 1 }
        if ClosingKeywordMatcher.sharedKeywordPrecedes(b, referenceStart: start) {
            add(nil, .issue, number, .closes)
        } else {
            add(nil, .any, number, .mentions)
        }
        return end
    }

    // MARK: - URLs

    /// Consumes a whole `scheme://…` token whatever its host, so that nothing inside a foreign
    /// URL (`https://example.com/page#123`) is ever read as a reference.
    private mutating func scanURL(colon t: Int) -> Int {
        var schemeStart = t
        while schemeStart > consumedEnd, t - schemeStart < 16, isSchemeCharacter(b[schemeStart - 1]) { schemeStart -= 1 }
        let authority = t + 3
        let end = ForgeURLMatcher.trimmedEnd(in: b, start: authority,
                                             end: ForgeURLMatcher.tokenEnd(in: b, from: authority))
        consumedEnd = end
        guard isHTTPScheme(schemeStart..<t),
              let match = ForgeURLMatcher.match(b, authority: authority, end: end, syntax: syntax) else {
            if !syntax.sharedNumberSpace { closingListEnd = -1 }
            return max(end, t + 1)
        }
        let repo = ReferenceRepoPath.repo(b, match.repo, syntax: syntax)
        if syntax.sharedNumberSpace {
            let closes = match.kind == .issue
                && ClosingKeywordMatcher.sharedKeywordPrecedes(b, referenceStart: schemeStart)
            add(repo, match.kind, match.number, closes ? .closes : .mentions)
        } else if match.kind == .issue {
            addGitLabIssue(repo, match.number, start: schemeStart, end: end)
        } else {
            add(repo, .pullRequest, match.number, .mentions)
            closingListEnd = -1
        }
        return end
    }

    private func isSchemeCharacter(_ c: UInt8) -> Bool {
        ReferenceBytes.isLetter(c) || ReferenceBytes.isDigit(c) || c == 0x2B || c == ReferenceBytes.dash || c == ReferenceBytes.dot
    }

    private static let http = Array("http".utf8)
    private static let https = Array("https".utf8)

    private func isHTTPScheme(_ range: Range<Int>) -> Bool {
        ReferenceBytes.equalsIgnoringCase(b, range, Self.https) || ReferenceBytes.equalsIgnoringCase(b, range, Self.http)
    }

    // MARK: - Relations

    /// GitLab issue references close when a keyword precedes them or when they continue a
    /// list that a keyword started (`Closes #1, #2 and #3`).
    private mutating func addGitLabIssue(_ repo: String?, _ number: Int, start: Int, end: Int) {
        let closes = ClosingKeywordMatcher.gitLabKeywordPrecedes(b, referenceStart: start)
            || (closingListEnd >= 0 && ClosingKeywordMatcher.gitLabListContinues(b, from: closingListEnd, to: start))
        add(repo, .issue, number, closes ? .closes : .mentions)
        closingListEnd = closes ? end : -1
    }

    private mutating func mergedInSigil() -> Int {
        if mergedInSigilCache == Int.min {
            mergedInSigilCache = MergeSubjectMatcher.match(in: b, syntax: syntax)?.sigil ?? -1
        }
        return mergedInSigilCache
    }

    private mutating func add(_ repo: String?, _ kind: ReferenceKind, _ number: Int, _ relation: ReferenceRelation) {
        collector.add(repo: repo, kind: kind, number: number, relation: relation)
    }
}
