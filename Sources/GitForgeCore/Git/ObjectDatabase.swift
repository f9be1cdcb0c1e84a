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
    /// commit (a remote-tracking ref may point at a tree). With `peelingTags`, an annotated tag is
    /// followed to the object it tags, as `git log --branches --remotes` follows a ref naming one.
    /// The corresponding libgit2 function is `git_odb_read`.
    public func commit(_ id: ObjectID, peelingTags: Bool = false) throws(GitError) -> RawCommit? {
        var id = id
        // A tag of a tag is allowed; a chain this long is a loop or nonsense.
        for _ in 0..<8 {
            var oid = id.oid
            var object: OpaquePointer?
            let rc = git_odb_read(&object, handle, &oid)
            if rc == GIT_ENOTFOUND.rawValue { return nil }
            try check(rc, "read object \(id.hex)")
            defer { git_odb_object_free(object) }
            let bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object),
                                               count: git_odb_object_size(object)).bindMemory(to: UInt8.self)
            switch git_odb_object_type(object) {
            case GIT_OBJECT_COMMIT:
                return RawCommit(id: id, bytes: bytes)
            case GIT_OBJECT_TAG where peelingTags:
                guard let target = Self.tagTarget(bytes) else { return nil }
                id = target
            default:
                return nil
            }
        }
        return nil
    }

    /// The id on a tag object's first line, `object <hex>`.
    private static func tagTarget(_ bytes: UnsafeBufferPointer<UInt8>) -> ObjectID? {
        let prefix = Array("object ".utf8)
        guard bytes.count >= prefix.count + 40, bytes.starts(with: prefix) else { return nil }
        return ObjectID(hex: UnsafeBufferPointer(rebasing: bytes[prefix.count..<prefix.count + 40]))
    }
}

extension ObjectDatabase {
    /// Whether the object is stored (loose, packed or in an alternate), whatever its type.
    /// The corresponding libgit2 function is `git_odb_exists`.
    public func contains(_ id: ObjectID) -> Bool {
        var oid = id.oid
        return git_odb_exists(handle, &oid) == 1
    }

    /// Whether the object is a commit, read from its header alone (libgit2 does not parse it).
    /// The corresponding libgit2 function is `git_odb_read_header`.
    public func isCommit(_ id: ObjectID) -> Bool {
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        return git_odb_read_header(&size, &type, handle, &oid) == 0 && type == GIT_OBJECT_COMMIT
    }

    /// The commit with this hex id; nil also for a malformed id.
    public func commit(_ id: CommitID) throws(GitError) -> RawCommit? {
        guard let oid = ObjectID(hex: id) else { return nil }
        return try commit(oid)
    }
}

extension Repository {
    public func objectDatabase() throws(GitError) -> ObjectDatabase {
        try ObjectDatabase(repository: self)
    }
}

extension ObjectDatabase {
    /// libgit2's default size limit for caching a commit object.
    private static let defaultCommitCacheLimit = 4096

    /// Runs `body` with libgit2 reading objects as `git log` does, for a walk that reads every
    /// commit once:
    /// - no object cache for commits: the walk gains nothing from it and pays for it (a locked map
    ///   insert per commit, and 25 MB held for 25,000 commits until the cache evicts them);
    /// - no re-hashing of each object read (libgit2's strict hash verification, on by default):
    ///   SHA-1DC over every commit was ~100 ms of a 25,000-commit ingest's ~600, and git does not
    ///   re-hash what `git log` reads either. A damaged object still fails zlib's own check.
    /// Both settings are process-wide, which is fine for a command-line process; both are
    /// restored afterwards.
    /// The corresponding libgit2 function is `git_libgit2_opts` (`GIT_OPT_SET_CACHE_OBJECT_LIMIT`,
    /// `GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION`).
    public static func readingAsGitLog<T>(_ body: () throws -> T) rethrows -> T {
        _ = gf_git_set_cache_object_limit(GIT_OBJECT_COMMIT, 0)
        _ = gf_git_set_strict_hash_verification(0)
        defer {
            _ = gf_git_set_strict_hash_verification(1)
            _ = gf_git_set_cache_object_limit(GIT_OBJECT_COMMIT, defaultCommitCacheLimit)
        }
        return try body()
    }
}
