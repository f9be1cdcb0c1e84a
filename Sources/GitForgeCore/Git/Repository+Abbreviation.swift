import Foundation

extension Repository {
    /// How many hex digits `git log --oneline` abbreviates ids to: `core.abbrev` when it is a
    /// number, else git's automatic length, from the number of packed objects (git's
    /// `repo_approximate_object_count`, which counts packs only): enough digits that two ids are
    /// unlikely to share them, at least 7. git also lengthens an abbreviation that happens to be
    /// ambiguous; that check per commit is not made here.
    public func abbreviationLength(config: GitConfig) -> Int {
        if let raw = config.string("core.abbrev"), let n = Int(raw) { return min(max(n, 4), 40) }
        var count: UInt64 = 0
        let packs = commonDirectory + "/objects/pack"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: packs)) ?? [] where name.hasSuffix(".idx") {
            count += Self.packedObjects(indexFile: packs + "/" + name)
        }
        guard count > 0 else { return 7 }
        let bits = 64 - count.leadingZeroBitCount  // git's msb(count) + 1
        return max(7, (bits + 1) / 2)
    }

    /// The object count of a pack index: the last entry of its fan-out table.
    private static func packedObjects(indexFile: String) -> UInt64 {
        guard let handle = FileHandle(forReadingAtPath: indexFile) else { return 0 }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 8 + 256 * 4), head.count == 8 + 256 * 4 else { return 0 }
        let bytes = [UInt8](head)
        // Version 2 starts with "\377tOc" and a version word; version 1 with the table itself.
        let table = bytes[0..<4] == [0xFF, 0x74, 0x4F, 0x63] ? 8 : 0
        let at = table + 255 * 4
        return bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
