import CGit2

/// A commit id as the 40-character lowercase hex string git prints; that is how it is stored,
/// shown and exchanged with forges, so the binary form stays inside this folder.
public typealias CommitID = String

extension git_oid {
    var hex: String {
        var copy = self
        return withUnsafeBytes(of: &copy.id) { raw in
            Hex.encode(UnsafeRawBufferPointer(rebasing: raw.prefix(20)))
        }
    }

    init?(hex: String) {
        guard hex.utf8.count == 40 else { return nil }
        var oid = git_oid()
        guard git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self = oid
    }
}

enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            var i = 0
            for byte in bytes {
                out[i] = digits[Int(byte >> 4)]
                out[i + 1] = digits[Int(byte & 0x0f)]
                i += 2
            }
            return i
        }
    }
}
