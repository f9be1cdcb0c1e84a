import CGit2

/// A commit id as the 40-character lowercase hex string git prints; that is how it is shown and
/// exchanged with forges. The store keeps the 20 raw bytes (`withBytes`, `init(bytes:)`) and
/// converts at its boundary.
public typealias CommitID = String

/// A binary object id. The walk hashes and compares one per parent and makes a hex `String` only
/// for what it stores: a `Set<String>` of seen commits cost more than reading them.
public struct ObjectID: Hashable, Sendable {
    private var high: UInt64
    private var middle: UInt64
    private var low: UInt32

    /// The id's 160 bits, first bytes first, for the walk's packed seen-set (`SeenCommits`).
    var words: (UInt64, UInt64, UInt32) { (high, middle, low) }

    /// Parses 40 hex digits (either case); nil for anything else.
    init?(hex: UnsafeBufferPointer<UInt8>) {
        guard hex.count == 40 else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for i in 0..<40 {
            let nibble = Hex.value(hex[i])
            guard nibble < 16 else { return nil }
            switch i {
            case 0..<16: words.0 = words.0 << 4 | UInt64(nibble)
            case 16..<32: words.1 = words.1 << 4 | UInt64(nibble)
            default: words.2 = words.2 << 4 | UInt64(nibble)
            }
        }
        (high, middle, low) = (words.0, words.1, UInt32(words.2))
    }

    public init?(hex: String) {
        var hex = hex
        guard let id = hex.withUTF8({ ObjectID(hex: $0) }) else { return nil }
        self = id
    }

    /// Reads 20 raw bytes (as the store keeps ids); nil for any other length.
    init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 20 else { return nil }
        high = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian
        middle = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian
        low = bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self).bigEndian
    }

    /// The 20 raw bytes, lent to `body`.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var oid = self.oid
        return try withUnsafeBytes(of: &oid.id) { try body($0) }
    }

    init(_ oid: git_oid) {
        var copy = oid
        (high, middle, low) = withUnsafeBytes(of: &copy.id) { raw in
            (raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self).bigEndian,
             raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian,
             raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self).bigEndian)
        }
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    /// Appends the 40 lowercase hex digits.
    func appendHex(to bytes: inout [UInt8]) {
        for shift in stride(from: 60, through: 0, by: -4) { bytes.append(Hex.digit(Int(high >> UInt64(shift) & 0xF))) }
        for shift in stride(from: 60, through: 0, by: -4) { bytes.append(Hex.digit(Int(middle >> UInt64(shift) & 0xF))) }
        for shift in stride(from: 28, through: 0, by: -4) { bytes.append(Hex.digit(Int(low >> UInt32(shift) & 0xF))) }
    }

    public var hex: CommitID {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40)
        appendHex(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension git_oid {
    var hex: String { ObjectID(self).hex }
}
