/// Finds the pull request a commit was merged through, from the subject lines that merge
/// tools generate on forges with a shared number space (GitHub, Gitea, Forgejo).
///
/// These subjects are machine-written, so they are matched literally and only at the
/// positions the tools put them; a `(#12)` anywhere else is an ordinary mention. The forms
/// apply to all three forges because repositories migrate between them with their numbers.
enum MergeSubjectMatcher {
    typealias Buffer = ReferenceBytes.Buffer

    private static let mergePullRequest = Array("Merge pull request ".utf8)
    private static let autoMerge = Array("Auto merge of ".utf8)
    private static let rollupMerge = Array("Rollup merge of ".utf8)
    private static let fromWord = Array(" from ".utf8)
    private static let borsSeparator = Array(" - ".utf8)

    /// Index of the `#` (or `!`) that starts the merged pull request's number in the subject,
    /// or nil. The scanner still validates the number itself like any other reference.
    ///
    /// - Parameter allowsBang: Gitea and Forgejo write `(!12)` instead of `(#12)` when the
    ///   repository uses an external issue tracker.
    static func mergedInSigil(in b: Buffer, allowsBang: Bool) -> Int? {
        var subjectEnd = 0
        while subjectEnd < b.count, b[subjectEnd] != ReferenceBytes.newline { subjectEnd += 1 }

        if ReferenceBytes.matches(mergePullRequest, in: b, at: 0) {
            let sigil = mergePullRequest.count
            // GitHub: `Merge pull request #123 from owner/branch`
            if sigil < subjectEnd, b[sigil] == ReferenceBytes.hash,
               let after = digitsEnd(b, from: sigil + 1, limit: subjectEnd),
               ReferenceBytes.matches(fromWord, in: b, at: after) {
                return sigil
            }
            // Gitea/Forgejo: `Merge pull request 'Title' (#123) from branch into main`
            if sigil < subjectEnd, b[sigil] == ReferenceBytes.quote {
                return lastGiteaMergeSigil(b, from: sigil + 1, subjectEnd: subjectEnd, allowsBang: allowsBang)
            }
        }
        // bors / homu: `Auto merge of #123 - user:branch, r=reviewer`, and rust-lang's
        // `Rollup merge of #123 - user:branch, r=reviewer` for each PR of a rollup.
        let sigil = ReferenceBytes.matches(autoMerge, in: b, at: 0) ? autoMerge.count
            : ReferenceBytes.matches(rollupMerge, in: b, at: 0) ? rollupMerge.count : 0
        if sigil > 0 {
            if sigil < subjectEnd, b[sigil] == ReferenceBytes.hash,
               let after = digitsEnd(b, from: sigil + 1, limit: subjectEnd),
               ReferenceBytes.matches(borsSeparator, in: b, at: after) {
                return sigil
            }
        }
        return squashSigil(b, subjectEnd: subjectEnd, allowsBang: allowsBang)
    }

    /// GitHub and Gitea squash merges: `Title (#123)` at the very end of the subject, allowing
    /// trailing whitespace (and the `\r` of CRLF messages).
    private static func squashSigil(_ b: Buffer, subjectEnd: Int, allowsBang: Bool) -> Int? {
        var end = subjectEnd
        while end > 0, b[end - 1] == ReferenceBytes.space || b[end - 1] == ReferenceBytes.tab
            || b[end - 1] == ReferenceBytes.carriageReturn {
            end -= 1
        }
        guard end > 0, b[end - 1] == ReferenceBytes.closeParen else { return nil }
        var i = end - 1
        while i > 0, ReferenceBytes.isDigit(b[i - 1]) { i -= 1 }
        let sigil = i - 1
        guard i < end - 1, sigil >= 1, isSigil(b[sigil], allowsBang: allowsBang),
              b[sigil - 1] == ReferenceBytes.openParen else { return nil }
        return sigil
    }

    /// The title is free text and may itself contain `(#4) from ` (think reverts), but the
    /// branch names after the real one cannot contain spaces, so the last occurrence of
    /// `' (#N) from ` is the generated one.
    private static func lastGiteaMergeSigil(_ b: Buffer, from start: Int, subjectEnd: Int, allowsBang: Bool) -> Int? {
        var found: Int?
        var i = start + 2
        while i + 1 < subjectEnd {
            if b[i] == ReferenceBytes.openParen, b[i - 1] == ReferenceBytes.space, b[i - 2] == ReferenceBytes.quote,
               isSigil(b[i + 1], allowsBang: allowsBang),
               let close = digitsEnd(b, from: i + 2, limit: subjectEnd), close < subjectEnd,
               b[close] == ReferenceBytes.closeParen, ReferenceBytes.matches(fromWord, in: b, at: close + 1) {
                found = i + 1
                i = close
            }
            i += 1
        }
        return found
    }

    @inline(__always)
    private static func isSigil(_ c: UInt8, allowsBang: Bool) -> Bool {
        c == ReferenceBytes.hash || (allowsBang && c == ReferenceBytes.bang)
    }

    /// End of a non-empty digit run starting at `start`, or nil.
    private static func digitsEnd(_ b: Buffer, from start: Int, limit: Int) -> Int? {
        var i = start
        while i < limit, ReferenceBytes.isDigit(b[i]) { i += 1 }
        return i > start ? i : nil
    }
}
