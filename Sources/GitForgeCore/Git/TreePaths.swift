import CGit2

/// What a path is in one commit's tree: the object and mode at that path, or nothing. Two commits
/// whose entries are equal for every path of a pathspec are what git calls TREESAME for it (a
/// directory's tree id changes exactly when something under it does).
public struct TreeEntry: Hashable, Sendable {
    public var id: ObjectID
    public var mode: UInt32
    public var isBlob: Bool { mode & 0o170000 == 0o100000 || mode & 0o170000 == 0o120000 }
    public var isTree: Bool { mode == 0o040000 }
}

/// Looks paths up in commit trees, as `git log -- <path>` compares them.
public final class TreePaths: @unchecked Sendable {
    private let repository: Repository

    init(repository: Repository) { self.repository = repository }

    /// The entry at `path` (`a/b/c`, no leading or trailing slash; empty for the root tree) in
    /// the tree `tree`, or nil when the path is absent.
    /// The corresponding libgit2 functions are `git_tree_lookup` and `git_tree_entry_bypath`.
    public func entry(tree: ObjectID, path: String) throws(GitError) -> TreeEntry? {
        if path.isEmpty { return TreeEntry(id: tree, mode: 0o040000) }
        var oid = tree.oid
        var root: OpaquePointer?
        try check(git_tree_lookup(&root, repository.handle, &oid), "read tree \(tree.hex)")
        defer { git_tree_free(root) }
        var entry: OpaquePointer?
        let rc = git_tree_entry_bypath(&entry, root, path)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "read '\(path)' in tree \(tree.hex)")
        defer { git_tree_entry_free(entry) }
        return TreeEntry(id: ObjectID(git_tree_entry_id(entry).pointee), mode: git_tree_entry_filemode(entry).rawValue)
    }

    /// Whether the blob looks binary to git (a NUL byte in its first 8000 bytes, as git's
    /// `buffer_is_binary`).
    /// The corresponding libgit2 function is `git_blob_is_binary`.
    public func isBinaryBlob(_ id: ObjectID) throws(GitError) -> Bool {
        var oid = id.oid
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, repository.handle, &oid), "read blob \(id.hex)")
        defer { git_blob_free(blob) }
        return git_blob_is_binary(blob) == 1
    }
}

extension Repository {
    public func treePaths() -> TreePaths { TreePaths(repository: self) }
}

extension RawCommit {
    /// The root tree, from the `tree <hex>` line every commit object starts with.
    public var treeID: ObjectID? {
        guard bytes.count >= 45, bytes.starts(with: Array("tree ".utf8)) else { return nil }
        return bytes.withUnsafeBufferPointer { ObjectID(hex: UnsafeBufferPointer(rebasing: $0[5..<45])) }
    }
}
