import CGit2

extension Repository {
    /// The commits `git rev-list <revisions>` lists, newest first: each argument is a commit
    /// (`v1.3.0`: it and its ancestors), an exclusion (`^v1.2.0`), a range (`v1.2.0..v1.3.0`, either
    /// end defaulting to `HEAD`) or a symmetric difference (`a...b`: reachable from either, not from
    /// both). Ordered as `git log --date-order` orders them (newest committer time first, never a
    /// parent before its children), which is what a release view needs; libgit2 has no `git log`'s
    /// default order.
    /// - Throws: `RevisionError` for a revision that names no commit, or history that cannot be read.
    /// The corresponding libgit2 functions are `git_revparse`, `git_revwalk_push` and `git_revwalk_hide`.
    public func commits(in revisions: [String]) throws(RevisionError) -> [CommitID] {
        var walk: OpaquePointer?
        guard git_revwalk_new(&walk, handle) == 0, let walk else {
            throw .unreadable(GitError(operation: "walk history", code: -1).description)
        }
        defer { git_revwalk_free(walk) }
        git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue)
        var pushed = false
        for spec in revisions {
            if spec.hasPrefix("^"), spec.count > 1 {
                try include(walk, hide: true, try commitOID(String(spec.dropFirst())))
                continue
            }
            guard let (from, to, symmetric) = try rangeEnds(spec) else {
                try include(walk, hide: false, try commitOID(spec))
                pushed = true
                continue
            }
            try include(walk, hide: false, to)
            pushed = true
            if symmetric {
                try include(walk, hide: false, from)
                for base in mergeBases(from, to) { try include(walk, hide: true, base) }
            } else {
                try include(walk, hide: true, from)
            }
        }
        guard pushed else { return [] }
        var result: [CommitID] = []
        var oid = git_oid()
        while true {
            let rc = git_revwalk_next(&oid, walk)
            if rc == GIT_ITEROVER.rawValue { break }
            guard rc == 0 else {
                throw .unreadable(GitError(operation: "walk history", code: rc).description)
            }
            result.append(oid.hex)
        }
        return result
    }

    /// The two ends of `a..b` / `a...b` (an empty end is `HEAD`), or nil when `spec` is no range.
    private func rangeEnds(_ spec: String) throws(RevisionError) -> (git_oid, git_oid, Bool)? {
        let symmetric = spec.contains("...")
        let separator = symmetric ? "..." : ".."
        guard let range = spec.range(of: separator) else { return nil }
        let left = String(spec[..<range.lowerBound]), right = String(spec[range.upperBound...])
        return (try commitOID(left.isEmpty ? "HEAD" : left), try commitOID(right.isEmpty ? "HEAD" : right), symmetric)
    }

    private func commitOID(_ spec: String) throws(RevisionError) -> git_oid {
        guard let oid = git_oid(hex: try resolveCommit(spec)) else { throw .unknown(spec) }
        return oid
    }

    private func include(_ walk: OpaquePointer, hide: Bool, _ oid: git_oid) throws(RevisionError) {
        var oid = oid
        let rc = hide ? git_revwalk_hide(walk, &oid) : git_revwalk_push(walk, &oid)
        if rc < 0 { throw .unreadable(GitError(operation: "walk history", code: rc).description) }
    }

    private func mergeBases(_ a: git_oid, _ b: git_oid) -> [git_oid] {
        var bases = git_oidarray()
        var a = a, b = b
        guard git_merge_bases(&bases, handle, &a, &b) == 0 else { return [] }
        defer { git_oidarray_dispose(&bases) }
        return (0..<bases.count).map { bases.ids[$0] }
    }
}

private extension git_oid {
    init?(hex: String) {
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self = oid
    }
}
