/// Hex digits as bytes, for object ids and JSON escapes.
enum Hex {
    @inline(__always)
    static func digit(_ nibble: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
    }

    /// The value of one hex digit, or 16 for any other byte.
    @inline(__always)
    static func value(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x57
        case 0x41...0x46: byte - 0x37
        default: 16
        }
    }
}
