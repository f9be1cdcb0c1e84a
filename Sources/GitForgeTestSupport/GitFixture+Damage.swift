import Foundation

/// Damage as a power loss or a full disk leaves it (git does not fsync loose objects by default),
/// for the tests of what git forge does with a repository it cannot read in full.
extension GitFixture {
    /// Unpacks every pack into loose objects (fast-import writes a pack; damage is done to loose ones).
    public func makeObjectsLoose() throws {
        let packs = root.appendingPathComponent(".git/objects/pack")
        for name in try FileManager.default.contentsOfDirectory(atPath: packs.path) where name.hasSuffix(".pack") {
            let pack = packs.appendingPathComponent(name)
            let data = try Data(contentsOf: pack)
            try FileManager.default.removeItem(at: pack)
            try FileManager.default.removeItem(at: pack.deletingPathExtension().appendingPathExtension("idx"))
            try git("unpack-objects", "-q", input: data)
        }
    }

    /// Cuts the loose object `sha` to half its length, a zlib stream that ends mid-way.
    /// - Returns: its bytes before, for `restoreObject`.
    @discardableResult
    public func truncateObject(_ sha: String) throws -> Data {
        let path = looseObjectPath(sha)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        return bytes
    }

    /// Deletes the loose object `sha`.
    /// - Returns: its bytes, for `restoreObject`.
    @discardableResult
    public func removeObject(_ sha: String) throws -> Data {
        let path = looseObjectPath(sha)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.removeItem(atPath: path)
        return bytes
    }

    public func restoreObject(_ sha: String, _ bytes: Data) throws {
        try bytes.write(to: URL(fileURLWithPath: looseObjectPath(sha)))
    }

    private func looseObjectPath(_ sha: String) -> String {
        "\(path)/.git/objects/\(sha.prefix(2))/\(sha.dropFirst(2))"
    }
}
