import CGit2

extension Repository {
    /// Runs `body` on a second handle of this repository whose new objects stay in memory, then
    /// writes them all as one pack, as `git fast-import` does. A first publish writes tens of
    /// thousands of blobs: as loose objects that is a file and a directory scan each
    /// (libgit2 re-reads `objects/pack/` after every miss), ~1 ms a record; as one pack, a
    /// fraction of that. Refs must be updated only after this returns, once the pack is on disk.
    /// The corresponding libgit2 functions are `git_mempack_new`, `git_mempack_dump` and
    /// `git_odb_write_pack`.
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
        let result = try body(batch)
        var pack = git_buf()
        defer { git_buf_dispose(&pack) }
        try check(git_mempack_dump(&pack, batch.handle, backend), "write the new objects")
        // An empty pack is its 12-byte header and 20-byte checksum: nothing to write.
        guard pack.size > 32 else { return result }
        var writer: UnsafeMutablePointer<git_odb_writepack>?
        try check(git_odb_write_pack(&writer, odb, nil, nil), "write a pack")
        defer { writer?.pointee.free(writer) }
        var stats = git_indexer_progress()
        try check(writer!.pointee.append(writer, pack.ptr, pack.size, &stats), "write a pack")
        try check(writer!.pointee.commit(writer, &stats), "write a pack")
        return result
    }
}
