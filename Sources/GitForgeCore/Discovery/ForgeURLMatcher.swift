/// Recognises issue and pull/merge-request URLs of the configured forge.
///
/// A URL is the one reference form that names its kind unambiguously even on forges with a
/// shared number space, and the only one people paste from the browser, so it is worth
/// understanding precisely; URLs on any other host are consumed by the scanner and ignored.
enum ForgeURLMatcher {
    typealias Buffer = ReferenceBytes.Buffer

    struct Match {
        /// Byte range of the repository path inside the URL ("owner/name", "group/sub/project").
        var repo: Range<Int>
        var kind: ReferenceKind
        var number: Int
    }

    /// Where a URL token ends: whitespace, control characters, the delimiters people wrap URLs
    /// in (`<>"'` and backticks), or a Unicode space/CJK punctuation mark.
    static func tokenEnd(in b: Buffer, from start: Int) -> Int {
        var i = start
        while i < b.count {
            let c = b[i]
            switch c {
            case 0x00...0x20, 0x22, ReferenceBytes.quote, 0x3C, 0x3E, 0x60, 0x7F:
                return i
            case 0x80...:
                if c >= 0xC0, ReferenceBytes.isBoundaryScalar(ReferenceBytes.scalarStarting(at: i, in: b, limit: b.count)) {
                    return i
                }
            default:
                break
            }
            i += 1
        }
        return i
    }

    /// Sentence punctuation after a URL belongs to the sentence, not the URL
    /// ("see https://…/pull/12." or "(https://…/issues/3)").
    static func trimmedEnd(in b: Buffer, start: Int, end: Int) -> Int {
        var e = end
        while e > start {
            switch b[e - 1] {
            case ReferenceBytes.dot, ReferenceBytes.comma, 0x3B, ReferenceBytes.colon, ReferenceBytes.bang,
                 0x3F, ReferenceBytes.closeParen, 0x5D, 0x7D, 0x2A:
                e -= 1  // . , ; : ! ? ) ] } *
            default:
                return e
            }
        }
        return e
    }

    /// Matches `b[authority..<end]` (the part after `://`) against the forge's URL shapes.
    static func match(_ b: Buffer, authority: Int, end: Int, syntax: ReferenceSyntax) -> Match? {
        guard !syntax.hostName.isEmpty, let pathStart = hostEnd(b, from: authority, end: end, syntax: syntax) else {
            return nil
        }
        // Path segments up to the query or fragment; a small fixed cap keeps hostile input cheap.
        var segments: [Range<Int>] = []
        segments.reserveCapacity(8)
        var i = pathStart + 1
        var segmentStart = i
        while i <= end, segments.count < 64 {
            if i == end || b[i] == ReferenceBytes.slash || b[i] == 0x3F || b[i] == ReferenceBytes.hash {
                segments.append(segmentStart..<i)
                if i == end || b[i] != ReferenceBytes.slash { break }
                segmentStart = i + 1
            }
            i += 1
        }
        switch syntax.forge {
        case .github: return ownerNameURL(b, segments, pull: pullWord, syntax: syntax)
        case .gitea, .forgejo: return ownerNameURL(b, segments, pull: pullsWord, syntax: syntax)
        case .gitlab: return gitLabURL(b, segments)
        }
    }

    private static let pullWord = Array("pull".utf8)
    private static let pullsWord = Array("pulls".utf8)
    private static let issuesWord = Array("issues".utf8)
    private static let mergeRequestsWord = Array("merge_requests".utf8)
    private static let workItemsWord = Array("work_items".utf8)
    private static let defaultHTTPSPort = Array("443".utf8)
    private static let defaultHTTPPort = Array("80".utf8)

    /// Checks host (case-insensitive) and port (any, unless the context pinned one); returns
    /// the index of the `/` that starts the path.
    private static func hostEnd(_ b: Buffer, from start: Int, end: Int, syntax: ReferenceSyntax) -> Int? {
        var i = start
        while i < end, b[i] != ReferenceBytes.slash, b[i] != ReferenceBytes.colon { i += 1 }
        guard ReferenceBytes.equalsIgnoringCase(b, start..<i, syntax.hostName) else { return nil }
        if i < end, b[i] == ReferenceBytes.colon {
            let portStart = i + 1
            i = portStart
            while i < end, ReferenceBytes.isDigit(b[i]) { i += 1 }
            guard i > portStart else { return nil }
            if !syntax.hostPort.isEmpty, !ReferenceBytes.equalsIgnoringCase(b, portStart..<i, syntax.hostPort) {
                return nil
            }
        } else if !syntax.hostPort.isEmpty, syntax.hostPort != defaultHTTPSPort, syntax.hostPort != defaultHTTPPort {
            return nil  // a forge pinned to a non-standard port is not reachable without it
        }
        return i < end && b[i] == ReferenceBytes.slash ? i : nil
    }

    /// GitHub `/o/r/pull/12`, Gitea/Forgejo `/o/r/pulls/12`, and `/o/r/issues/12` on all three;
    /// anything after the number (`/files`, `#issuecomment-1`, `?w=1`) is ignored.
    private static func ownerNameURL(_ b: Buffer, _ s: [Range<Int>], pull: [UInt8], syntax: ReferenceSyntax) -> Match? {
        guard s.count >= 4,
              ReferenceRepoPath.isValid(b, s[0].lowerBound..<s[1].upperBound, syntax: syntax) else { return nil }
        let kind: ReferenceKind
        if equals(b, s[2], pull) { kind = .pullRequest }
        else if equals(b, s[2], issuesWord) { kind = .issue }
        else { return nil }
        guard let number = segmentNumber(b, s[3]) else { return nil }
        return Match(repo: s[0].lowerBound..<s[1].upperBound, kind: kind, number: number)
    }

    /// GitLab `/group/sub/project/-/merge_requests/12` and `/-/issues/12` (plus `work_items`,
    /// which newer GitLab uses for issues), and the pre-`/-/` URLs still found in old history.
    private static func gitLabURL(_ b: Buffer, _ s: [Range<Int>]) -> Match? {
        var k = 2
        while k + 1 < s.count {
            let hasSeparator = s[k].count == 1 && b[s[k].lowerBound] == ReferenceBytes.dash
            let word = hasSeparator ? k + 1 : k
            if word + 1 < s.count {
                let kind: ReferenceKind?
                if equals(b, s[word], mergeRequestsWord) { kind = .pullRequest }
                else if equals(b, s[word], issuesWord) || (hasSeparator && equals(b, s[word], workItemsWord)) { kind = .issue }
                else { kind = nil }
                if let kind {
                    let repo = s[0].lowerBound..<s[k - 1].upperBound
                    guard let number = segmentNumber(b, s[word + 1]),
                          s[0..<k].allSatisfy({ ReferenceRepoPath.isValidSegment(b, $0) }) else { return nil }
                    return Match(repo: repo, kind: kind, number: number)
                }
            }
            if hasSeparator { return nil }  // `/-/` ends the project path whatever follows
            k += 1
        }
        return nil
    }

    /// The whole segment must be the number, except for extensions such as `12.diff`.
    private static func segmentNumber(_ b: Buffer, _ segment: Range<Int>) -> Int? {
        guard let (value, end) = ReferenceBytes.number(in: b, from: segment.lowerBound, to: segment.upperBound),
              end == segment.upperBound || !ReferenceBytes.isWord(b[end]) else { return nil }
        return value
    }

    private static func equals(_ b: Buffer, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && ReferenceBytes.matches(word, in: b, at: range.lowerBound)
    }
}
