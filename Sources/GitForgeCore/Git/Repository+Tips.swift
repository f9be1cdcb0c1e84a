import CGit2

extension Repository {
    /// The commits ingest starts from: every local branch head, every remote-tracking branch,
    /// every tag and HEAD (detached too), deduplicated — what `git log --all` starts from, less
    /// notes and stashes, whose commits are not history. An unborn HEAD contributes nothing; a ref
    /// naming an annotated tag contributes the tag, which the walk follows to its commit (a tag of a
    /// tree or a blob leads to no commit and is skipped there).
    /// The corresponding libgit2 functions are `git_reference_iterator_glob_new` and
    /// `git_reference_name_to_id`.
    public func walkTips() throws(GitError) -> [CommitID] {
        var seen = Set<String>()
        var tips: [CommitID] = []
        func add(_ oid: git_oid) {
            let hex = oid.hex
            if seen.insert(hex).inserted { tips.append(hex) }
        }
        var head = git_oid()
        if git_reference_name_to_id(&head, handle, "HEAD") == 0 { add(head) }
        for glob in ["refs/heads/*", "refs/remotes/*", "refs/tags/*"] {
            var iterator: OpaquePointer?
            try check(git_reference_iterator_glob_new(&iterator, handle, glob), "list \(glob)")
            defer { git_reference_iterator_free(iterator) }
            var ref: OpaquePointer?
            while git_reference_next(&ref, iterator) == 0 {
                defer { git_reference_free(ref) }
                var resolved: OpaquePointer?
                // Symbolic refs such as refs/remotes/origin/HEAD point at a branch listed anyway.
                guard git_reference_type(ref) == GIT_REFERENCE_DIRECT,
                      git_reference_resolve(&resolved, ref) == 0 else { continue }
                defer { git_reference_free(resolved) }
                // A packed annotated tag carries its commit's id (packed-refs' `^` line): taken
                // as is, it spares the walk a read of the tag object for each of a project's tags.
                if let peeled = git_reference_target_peel(resolved) {
                    add(peeled.pointee)
                } else if let target = git_reference_target(resolved) {
                    add(target.pointee)
                }
            }
        }
        return tips
    }
}
