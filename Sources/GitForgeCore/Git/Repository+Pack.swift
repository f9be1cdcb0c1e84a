import CGit2

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
