import CGit2

/// Reads raw objects. Ingest parses commit objects itself from these bytes instead of going
/// through `git_commit_lookup`: it reads each object once, keeps the message bytes exactly as
/// stored (so the `encoding` header can be applied), and walks past missing parents of a shallow
/// clone, which libgit2 1.5's revwalk cannot.
public final class ObjectDatabase: @unchecked Sendable {
    private let handle: OpaquePointer

    init(repository: Repository) throws(GitError) {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, repository.handle), "open object database")
        handle = odb!
    }

    deinit { git_odb_free(handle) }

    /// The commit `id`, or nil when the object is absent (beyond a shallow boundary) or is not a
    /// commit (a remote-tracking ref may point at a tag or tree).
    /// The corresponding libgit2 function is `git_odb_read`.
    public func commit(_ id: CommitID) throws(GitError) -> RawCommit? {
        guard var oid = git_oid(hex: id) else { return nil }
        var object: OpaquePointer?
        let rc = git_odb_read(&object, handle, &oid)
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try check(rc, "read object \(id)")
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == GIT_OBJECT_COMMIT else { return nil }
        let bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object),
                                           count: git_odb_object_size(object))
        return RawCommit(id: id, bytes: bytes.bindMemory(to: UInt8.self))
    }
}

extension Repository {
    public func objectDatabase() throws(GitError) -> ObjectDatabase {
        try ObjectDatabase(repository: self)
    }
}
