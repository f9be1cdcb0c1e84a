import CGit2

extension Repository {
    /// Which of `paths` (absolute) are tracked: in the index, at stage 0 or in a conflict. A path
    /// outside the working tree, or in a bare repository, is not.
    /// The corresponding libgit2 functions are `git_repository_index` and `git_index_get_bypath`.
    public func trackedPaths(_ paths: [String]) throws(GitError) -> [String] {
        guard let root = workingDirectory else { return [] }
        let prefix = root == "/" ? "/" : root + "/"
        let inside = paths.filter { $0.hasPrefix(prefix) }
        guard !inside.isEmpty else { return [] }
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "read the index")
        defer { git_index_free(index) }
        return inside.filter { path in
            let relative = String(path.dropFirst(prefix.count))
            return (0...3).contains { stage in git_index_get_bypath(index, relative, Int32(stage)) != nil }
        }
    }
}
