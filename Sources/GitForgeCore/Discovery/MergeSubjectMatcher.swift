/// The pull request a merge message names: the one grammar both reference discovery (the
/// `mergedIn` relation) and merge attribution (`commit_pulls … via 'merge'`) read, so a commit's
/// merged-in reference and the merge that brought it in can never disagree.
struct MergedPullRequest: Equatable {
    /// Index of the `#` or `!` that starts the number in the message; the scanner compares it
    /// with the reference it is looking at.
    var sigil: Int
    /// nil: the repository the store is for.
    var repo: String?
    var number: Int
}

/// These messages are machine-written, so they are matched literally and only at the positions
/// the tools put them; a `(#12)` anywhere else is an ordinary mention. Matched by hand over bytes,
/// not with `Regex`: discovery asks for every message that holds a `#`, and an initial ingest
/// asks once per merge, thousands of times.
///
/// Forms, by forge (the `#` forms apply to GitHub, Gitea and Forgejo alike because repositories
/// migrate between them with their numbers; on GitLab `#12` is an issue, so only its footer counts):
/// - GitHub merge: `Merge pull request #12 from owner/branch`
/// - GitHub squash, and GitHub's "pull request title" merge message: `Title (#12)`
/// - Gitea/Forgejo merge and rebase-merge: `Merge pull request 'Title' (#12) from branch into main`
/// - Gitea/Forgejo squash: `Title (#12)`; both write `!12` for `#12` when the repository uses an
///   external issue tracker
/// - bors/homu: `Auto merge of #12 - user:branch, r=reviewer`; rust-lang's rollups:
///   `Rollup merge of #12 - user:branch, r=reviewer`
/// - bors-ng: `Merge #12` (a batch, `Merge #12 #13`, has no single owner)
/// - GitLab: a line `See merge request group/project!12` (before 10.0: `See merge request !12`);
///   the last such line, where GitLab's template puts it.
enum MergeSubjectMatcher {
    typealias Buffer = ReferenceBytes.Buffer

    private static let mergePullRequest = Array("Merge pull request ".utf8)
    private static let autoMerge = Array("Auto merge of ".utf8)
    private static let rollupMerge = Array("Rollup merge of ".utf8)
    private static let borsNG = Array("Merge ".utf8)
    private static let fromWord = Array(" from ".utf8)
    private static let borsSeparator = Array(" - ".utf8)
    private static let seeMergeRequest = Array("See merge request ".utf8)

    /// The pull request `message` (a commit's `parseText`) says it merged, or nil.
    static func match(in message: String, syntax: ReferenceSyntax) -> MergedPullRequest? {
        var message = message
        return message.withUTF8 { match(in: $0, syntax: syntax) }
    }

    static func match(in b: Buffer, syntax: ReferenceSyntax) -> MergedPullRequest? {
        if syntax.forge == .gitlab { return gitLabFooter(b, syntax: syntax) }
        guard let sigil = hashFormSigil(b, allowsBang: syntax.forge != .github),
              let (number, _) = number(b, sigil: sigil) else { return nil }
        return MergedPullRequest(sigil: sigil, repo: nil, number: number)
    }

    /// GitLab: where a subject ending `Title (#12)` puts its `#`, or nil. GitLab itself never
    /// writes that form (its squash keeps the title as is), so it is a project's habit or a
    /// GitHub history's echo of the merge request's number, not proof of a merge on its own.
    static func squashSuffixSigil(in b: Buffer) -> Int? {
        var subjectEnd = 0
        while subjectEnd < b.count, b[subjectEnd] != ReferenceBytes.newline { subjectEnd += 1 }
        return squashSigil(UnsafeBufferPointer(rebasing: b[0..<subjectEnd]), allowsBang: false)
    }

    /// Where the subject puts the number in one of the `#` forms.
    private static func hashFormSigil(_ b: Buffer, allowsBang: Bool) -> Int? {
        var subjectEnd = 0
        while subjectEnd < b.count, b[subjectEnd] != ReferenceBytes.newline { subjectEnd += 1 }
        let subject = UnsafeBufferPointer(rebasing: b[0..<subjectEnd])

        if ReferenceBytes.matches(mergePullRequest, in: subject, at: 0) {
            let sigil = mergePullRequest.count
            // GitHub: `Merge pull request #123 from owner/branch`
            if let end = numberEnd(subject, sigil: sigil, allowsBang: false),
               ReferenceBytes.matches(fromWord, in: subject, at: end) {
                return sigil
            }
            // Gitea/Forgejo: `Merge pull request 'Title' (#123) from branch into main`
            if sigil < subjectEnd, subject[sigil] == ReferenceBytes.quote,
               let found = lastGiteaMergeSigil(subject, from: sigil + 1, allowsBang: allowsBang) {
                return found
            }
        }
        // bors / homu and rust-lang's rollups: `<prefix>#123 - user:branch, r=reviewer`.
        for prefix in [autoMerge, rollupMerge] where ReferenceBytes.matches(prefix, in: subject, at: 0) {
            if let end = numberEnd(subject, sigil: prefix.count, allowsBang: false),
               ReferenceBytes.matches(borsSeparator, in: subject, at: end) {
                return prefix.count
            }
        }
        // bors-ng: exactly `Merge #123` (or `Merge #123: …`). Discovery reads ordinary commits
        // too, so `Merge #12 into stable` stays a mention.
        if ReferenceBytes.matches(borsNG, in: subject, at: 0),
           let end = numberEnd(subject, sigil: borsNG.count, allowsBang: false),
           end == subjectEnd || subject[end] == ReferenceBytes.colon
            || trimmedEnd(subject, subjectEnd) == end {
            return borsNG.count
        }
        return squashSigil(subject, allowsBang: allowsBang)
    }

    /// `Title (#123)` at the very end of the subject, allowing trailing whitespace (and the
    /// `\r` of CRLF messages).
    private static func squashSigil(_ s: Buffer, allowsBang: Bool) -> Int? {
        let end = trimmedEnd(s, s.count)
        guard end > 0, s[end - 1] == ReferenceBytes.closeParen else { return nil }
        var i = end - 1
        while i > 0, ReferenceBytes.isDigit(s[i - 1]) { i -= 1 }
        let sigil = i - 1
        guard i < end - 1, sigil >= 1, isSigil(s[sigil], allowsBang: allowsBang),
              s[sigil - 1] == ReferenceBytes.openParen else { return nil }
        return sigil
    }

    /// The title is free text and may itself contain `(#4) from ` (think reverts), but the
    /// branch names after the real one cannot contain spaces, so the last occurrence of
    /// `' (#N) from ` is the generated one.
    private static func lastGiteaMergeSigil(_ s: Buffer, from start: Int, allowsBang: Bool) -> Int? {
        var found: Int?
        var i = start + 2
        while i + 1 < s.count {
            if s[i] == ReferenceBytes.openParen, s[i - 1] == ReferenceBytes.space, s[i - 2] == ReferenceBytes.quote,
               let close = numberEnd(s, sigil: i + 1, allowsBang: allowsBang), close < s.count,
               s[close] == ReferenceBytes.closeParen, ReferenceBytes.matches(fromWord, in: s, at: close + 1) {
                found = i + 1
                i = close
            }
            i += 1
        }
        return found
    }

    /// GitLab's footer: the last line that is `See merge request <path>!<n>` and nothing more.
    private static func gitLabFooter(_ b: Buffer, syntax: ReferenceSyntax) -> MergedPullRequest? {
        var found: MergedPullRequest?
        var lineStart = 0
        while lineStart < b.count {
            var lineEnd = lineStart
            while lineEnd < b.count, b[lineEnd] != ReferenceBytes.newline { lineEnd += 1 }
            if ReferenceBytes.matches(seeMergeRequest, in: b, at: lineStart) {
                let pathStart = lineStart + seeMergeRequest.count
                var bang = pathStart
                while bang < lineEnd, b[bang] != ReferenceBytes.bang { bang += 1 }
                let path = pathStart..<bang
                let line = UnsafeBufferPointer(rebasing: b[0..<lineEnd])
                if bang < lineEnd, let (number, end) = number(line, sigil: bang),
                   trimmedEnd(line, lineEnd) == end,
                   path.isEmpty || ReferenceRepoPath.isValid(b, path, syntax: syntax) {
                    found = MergedPullRequest(sigil: bang,
                                              repo: path.isEmpty ? nil : ReferenceRepoPath.repo(b, path, syntax: syntax),
                                              number: number)
                }
            }
            lineStart = lineEnd + 1
        }
        return found
    }

    /// The number after the sigil, as the scanner reads numbers (no leading zero, within the
    /// forges' 32-bit range, not running into a word), and where it ends.
    private static func number(_ b: Buffer, sigil: Int) -> (Int, Int)? {
        guard let (value, end) = ReferenceBytes.number(in: b, from: sigil + 1, to: b.count),
              ReferenceBytes.endsReference(b, at: end) else { return nil }
        return (value, end)
    }

    /// End of the number when `sigil` is one followed by a valid number, else nil.
    private static func numberEnd(_ s: Buffer, sigil: Int, allowsBang: Bool) -> Int? {
        guard sigil < s.count, isSigil(s[sigil], allowsBang: allowsBang) else { return nil }
        return number(s, sigil: sigil)?.1
    }

    /// `end` less trailing spaces, tabs and `\r`.
    private static func trimmedEnd(_ s: Buffer, _ end: Int) -> Int {
        var end = end
        while end > 0, s[end - 1] == ReferenceBytes.space || s[end - 1] == ReferenceBytes.tab
            || s[end - 1] == ReferenceBytes.carriageReturn {
            end -= 1
        }
        return end
    }

    @inline(__always)
    private static func isSigil(_ c: UInt8, allowsBang: Bool) -> Bool {
        c == ReferenceBytes.hash || (allowsBang && c == ReferenceBytes.bang)
    }
}
