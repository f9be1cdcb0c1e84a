/// Validation and normalisation of the repository part of cross-repository references
/// (`owner/name#12`, `group/sub/project!3`, and the path inside forge URLs).
///
/// Being strict here is what keeps prose such as `and/or#1`, `../x#2` or `example.com/page#3`
/// from turning into bogus cross-repository references.
enum ReferenceRepoPath {
    typealias Buffer = ReferenceBytes.Buffer

    /// Longest path we are willing to walk back over from a `#`/`!`; real paths are far shorter,
    /// and the bound keeps pathological input (a megabyte of `a/a/a…`) cheap.
    static let maximumLength = 1024

    /// Whether `b[range]` is a repository path for this forge: exactly `owner/name` on GitHub,
    /// Gitea and Forgejo, two or more segments (groups and subgroups) on GitLab.
    static func isValid(_ b: Buffer, _ range: Range<Int>, syntax: ReferenceSyntax) -> Bool {
        guard !range.isEmpty, range.count <= maximumLength else { return false }
        var segments = 0
        var segmentStart = range.lowerBound
        var i = range.lowerBound
        while i <= range.upperBound {
            if i == range.upperBound || b[i] == ReferenceBytes.slash {
                let segment = segmentStart..<i
                guard isValidSegment(b, segment) else { return false }
                // GitHub user and organisation names cannot contain dots, which rules out host
                // names written without a scheme ("example.com/page#3").
                if segments == 0, syntax.forge == .github, b[segment].contains(ReferenceBytes.dot) { return false }
                segments += 1
                segmentStart = i + 1
            }
            i += 1
        }
        return syntax.sharedNumberSpace ? segments == 2 : segments >= 2
    }

    /// One segment: `[A-Za-z0-9_.-]+`, excluding the relative-path names `.` and `..` and
    /// GitLab's `-` route separator, none of which can name a namespace or project.
    static func isValidSegment(_ b: Buffer, _ segment: Range<Int>) -> Bool {
        guard !segment.isEmpty else { return false }
        var onlyDots = true
        for i in segment {
            let c = b[i]
            guard ReferenceBytes.isPathCharacter(c) else { return false }
            if c != ReferenceBytes.dot { onlyDots = false }
        }
        if onlyDots && segment.count <= 2 { return false }
        if segment.count == 1 && b[segment.lowerBound] == ReferenceBytes.dash { return false }
        return true
    }

    /// The value for `Reference.repo`: nil for the current repository — forges resolve paths
    /// case-insensitively, so `Owner/Name#1` in `owner/name` is a local reference — otherwise
    /// the path as written.
    static func repo(_ b: Buffer, _ range: Range<Int>, syntax: ReferenceSyntax) -> String? {
        if !syntax.currentRepo.isEmpty, ReferenceBytes.equalsIgnoringCase(b, range, syntax.currentRepo) {
            return nil
        }
        return String(decoding: UnsafeBufferPointer(rebasing: b[range]), as: UTF8.self)
    }
}
