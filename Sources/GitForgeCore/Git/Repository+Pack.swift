import CGit2
import Glibc

extension Repository {
    /// Runs `body` on a second handle of this repository whose new objects stay in memory, then
    /// writes exactly those as one pack, as `git fast-import` does. A first publish writes tens of
    /// thousands of blobs: as loose objects that is a file each, and libgit2 re-reads
    /// `objects/pack/` after every lookup miss (`git_odb_write` looks for each new object first),
    /// ~1 ms a record. Not `git_mempack_dump`: it packs only commits, each with its whole tree,
    /// which would rewrite every record on every publish. Refs and commits must be written only
    /// after this returns, once the pack is on disk.
    /// The corresponding libgit2 functions are `git_mempack_new`, `git_packbuilder_insert` and
    /// `git_packbuilder_write`.
    public func writingOnePack<T>(_ body: (Repository) throws -> T) throws -> T {
        let batch = try Repository.open(at: gitDirectory)
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, batch.handle), "open object database")
        defer { git_odb_free(odb) }
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&backend), "start an in-memory pack")
        // The object database owns the backend from here on, and frees it with itself.
        try check(git_odb_add_backend(odb, backend, 1000), "start an in-memory pack")
        batch.inMemoryPack = backend
        batch.newObjects = []
        let result = try body(batch)
        guard let objects = batch.newObjects, !objects.isEmpty else { return result }
        try batch.limitDeltaSearch()
        var builder: OpaquePointer?
        try check(git_packbuilder_new(&builder, batch.handle), "write a pack")
        defer { git_packbuilder_free(builder) }
        for object in objects {
            var oid = object.oid
            try check(git_packbuilder_insert(builder, &oid, nil), "write a pack")
        }
        try check(git_packbuilder_write(builder, nil, 0, nil, nil), "write a pack")
        return result
    }
}

extension Repository {
    /// Records are small and unlike each other, so libgit2's delta search (ten candidates an
    /// object) cost most of a first publish and saved little; `git gc` deltifies later anyway.
    /// libgit2 1.5 reads no `pack.window`, but `pack.windowMemory` shrinks the window to one
    /// candidate. Set on this handle only, through a configuration file added in memory at the
    /// highest level (the repository's files are not touched).
    /// The corresponding libgit2 function is `git_config_add_file_ondisk`.
    fileprivate func limitDeltaSearch() throws(GitError) {
        var template = Array("/tmp/git-forge-pack-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        let path = String(cString: template)
        defer { unlink(path) }
        let text = "[pack]\n\twindowMemory = 1\n"
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        var config: OpaquePointer?
        try check(git_repository_config(&config, handle), "read configuration")
        defer { git_config_free(config) }
        try check(git_config_add_file_ondisk(config, path, GIT_CONFIG_LEVEL_APP, handle, 0), "read configuration")
    }
}
