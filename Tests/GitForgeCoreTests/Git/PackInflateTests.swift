import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// Packed objects are inflated by libdeflate, with zlib behind it for anything libdeflate does not
/// take whole (Sources/CGit2Startup/pack_inflate.c): the bytes read must be git's, and a damaged
/// object must be an error, never other bytes.
struct PackInflateTests {
    /// Messages from empty to 200 KB, compressible and not, each read back byte for byte.
    @Test func packedCommitsReadByteForByte() throws {
        let repo = try GitFixture()
        var rng = SystemRandomNumberGenerator()
        let messages: [[UInt8]] = [
            [], Array("x".utf8), Array("Fix the parser (#12)\n\nFixes #3\n".utf8),
            Array(repeating: UInt8(ascii: "a"), count: 200_000),
            (0..<70_000).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) },
            (0..<5_000).map { _ in UInt8.random(in: 0x01...0xFF, using: &rng) },
        ]
        var script = Data()
        for (i, message) in messages.enumerated() {
            script += Data("commit refs/heads/main\ncommitter C <c@x> \(1_700_000_000 + i) +0000\ndata \(message.count)\n".utf8)
            script += Data(message) + Data("\n\n".utf8)
        }
        try repo.git("fast-import", "--quiet", input: script)
        try repo.git("repack", "-adq")
        #expect(try repo.git("count-objects").hasPrefix("0 objects"), "every object is packed")
        let shas = try repo.git("rev-list", "--reverse", "main").split(separator: "\n").map(String.init)
        #expect(shas.count == messages.count)
        let odb = try Repository.open(at: repo.path).objectDatabase()
        for (sha, message) in zip(shas, messages) {
            let commit = try #require(try odb.commit(sha))
            #expect(commit.message == message, "\(message.count)-byte message")
        }
    }

    /// A byte changed inside a packed commit's compressed data: reading it fails (zlib's checksum,
    /// or its data error), and the commits around it still read.
    @Test func damagedPackedCommitIsAnError() throws {
        let repo = try GitFixture()
        let message = (1...40).map { "Line \($0) of a message long enough to be compressed." }.joined(separator: "\n")
        var script = ""
        for i in 1...3 {
            script += "commit refs/heads/main\ncommitter C <c@x> \(1_700_000_000 + i) +0000\ndata <<M\n\(i) \(message)\nM\n\n"
        }
        try repo.git("fast-import", "--quiet", input: Data(script.utf8))
        try repo.git("repack", "-adq")
        let shas = try repo.git("rev-list", "main").split(separator: "\n").map(String.init)
        let packs = "\(repo.path)/.git/objects/pack"
        let idx = try #require(try FileManager.default.contentsOfDirectory(atPath: packs).first { $0.hasSuffix(".idx") })
        // `sha type size size-in-pack offset` for each object.
        let target = shas[1]
        let line = try #require(try repo.git("verify-pack", "-v", "\(packs)/\(idx)").split(separator: "\n")
            .first { $0.hasPrefix(target) })
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        let sizeInPack = try #require(Int(fields[3])), offset = try #require(Int(fields[4]))
        let packPath = "\(packs)/\(idx.dropLast(4)).pack"
        var pack = try Data(contentsOf: URL(fileURLWithPath: packPath))
        pack[offset + sizeInPack / 2] ^= 0x55
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packPath)
        try pack.write(to: URL(fileURLWithPath: packPath))

        let odb = try Repository.open(at: repo.path).objectDatabase()
        #expect(throws: GitError.self) { try odb.commit(target) }
        #expect(try odb.commit(shas[0])?.message.count == message.utf8.count + 3)
        #expect(try odb.commit(shas[2])?.message.count == message.utf8.count + 3)
    }
}
