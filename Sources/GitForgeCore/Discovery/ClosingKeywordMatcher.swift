/// Decides whether a reference is the target of a closing keyword (or GitLab's "See merge
/// request" footer) by looking backwards from where the reference starts.
///
/// Looking back from references, instead of forward from every word, means the scanner only
/// does work at the rare `#`/`!`/URL positions; each look-back stops at the first byte that
/// cannot belong to the phrase, so the total cost stays linear in the message length.
enum ClosingKeywordMatcher {
    typealias Buffer = ReferenceBytes.Buffer

    /// GitHub's documented list, which Gitea and Forgejo share by default.
    private static let sharedKeywords: [[UInt8]] = [
        "close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved",
    ].map { Array($0.utf8) }

    /// GitLab's default `closing_issue_pattern` alternatives, spelled out.
    private static let gitLabKeywords: [[UInt8]] = [
        "close", "closes", "closed", "closing", "fix", "fixes", "fixed", "fixing",
        "resolve", "resolves", "resolved", "resolving",
        "implement", "implements", "implemented", "implementing",
    ].map { Array($0.utf8) }

    private static let longestKeyword = 12
    private static let issueWord = Array("issue".utf8)
    private static let issuesWord = Array("issues".utf8)
    private static let andWord = Array("and".utf8)

    /// GitHub/Gitea/Forgejo: `keyword[:]<whitespace>reference`, keyword in any case. There is
    /// deliberately no list continuation: GitHub needs the keyword repeated, so in
    /// `Fixes #1, #2` only #1 is closed.
    static func sharedKeywordPrecedes(_ b: Buffer, referenceStart: Int) -> Bool {
        var i = referenceStart
        while i > 0, ReferenceBytes.isHorizontalSpace(b[i - 1]) { i -= 1 }
        guard i < referenceStart else { return false }
        if i > 0, b[i - 1] == ReferenceBytes.colon { i -= 1 }
        guard let word = wordEnding(at: i, in: b) else { return false }
        return sharedKeywords.contains { ReferenceBytes.equalsIgnoringCase(b, word, $0) }
    }

    /// GitLab: `Keyword[:] +(issues? +)?reference`, where only the keyword's first letter may be
    /// upper case (GitLab's regex is `[Cc]los…`, so `CLOSES #1` is a plain mention there).
    static func gitLabKeywordPrecedes(_ b: Buffer, referenceStart: Int) -> Bool {
        guard let i = spacesBefore(referenceStart, in: b) else { return false }
        if gitLabKeywordEnds(at: i, in: b) { return true }
        // The optional `issue`/`issues` word between keyword and reference.
        guard let word = wordEnding(at: i, in: b),
              equals(b, word, issueWord) || equals(b, word, issuesWord),
              let j = spacesBefore(word.lowerBound, in: b) else { return false }
        return gitLabKeywordEnds(at: j, in: b)
    }

    /// GitLab closes every issue of a list — `Closes #1, #2 and #3` — so a reference that
    /// follows a closed one with only a list separator (`,`, `and`, spaces, optional `issue`
    /// word) between them is closed too. Mirrors `(?: *,? +and +| *,? *)?(?:issues? +)?`.
    static func gitLabListContinues(_ b: Buffer, from previousEnd: Int, to referenceStart: Int) -> Bool {
        guard previousEnd <= referenceStart else { return false }
        var i = previousEnd
        skipSpaces(&i, before: referenceStart, in: b)
        if i < referenceStart, b[i] == ReferenceBytes.comma { i += 1 }
        skipSpaces(&i, before: referenceStart, in: b)
        if i > previousEnd, b[i - 1] == ReferenceBytes.space, ReferenceBytes.matches(andWord, in: b, at: i),
           i + 3 < referenceStart, b[i + 3] == ReferenceBytes.space {
            i += 3
            skipSpaces(&i, before: referenceStart, in: b)
        }
        if i == referenceStart { return true }
        guard ReferenceBytes.matches(issueWord, in: b, at: i) else { return false }
        var j = i + issueWord.count
        if j < referenceStart, b[j] == 0x73 { j += 1 }  // "issues"
        guard j < referenceStart, b[j] == ReferenceBytes.space else { return false }
        skipSpaces(&j, before: referenceStart, in: b)
        return j == referenceStart
    }

    private static func gitLabKeywordEnds(at end: Int, in b: Buffer) -> Bool {
        var i = end
        if i > 0, b[i - 1] == ReferenceBytes.colon { i -= 1 }
        guard let word = wordEnding(at: i, in: b) else { return false }
        let first = ReferenceBytes.lowercased(b[word.lowerBound])
        let rest = (word.lowerBound + 1)..<word.upperBound
        return gitLabKeywords.contains { keyword in
            guard keyword.count == word.count, keyword[0] == first else { return false }
            var k = 1
            for i in rest {
                if b[i] != keyword[k] { return false }
                k += 1
            }
            return true
        }
    }

    /// The ASCII word ending at `end`, if it is a whole word of plausible keyword length.
    private static func wordEnding(at end: Int, in b: Buffer) -> Range<Int>? {
        var i = end
        while i > 0, ReferenceBytes.isLetter(b[i - 1]) {
            i -= 1
            if end - i > longestKeyword { return nil }
        }
        guard i < end, i == 0 || !ReferenceBytes.isWordOrNonASCII(b[i - 1]) else { return nil }
        return i..<end
    }

    /// Index before the run of (at least one) spaces that ends at `end`; GitLab's ` +` admits
    /// only the space character.
    private static func spacesBefore(_ end: Int, in b: Buffer) -> Int? {
        var i = end
        while i > 0, b[i - 1] == ReferenceBytes.space { i -= 1 }
        return i < end ? i : nil
    }

    private static func skipSpaces(_ i: inout Int, before limit: Int, in b: Buffer) {
        while i < limit, b[i] == ReferenceBytes.space { i += 1 }
    }

    private static func equals(_ b: Buffer, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && ReferenceBytes.matches(word, in: b, at: range.lowerBound)
    }
}
