import Foundation

/// Appends JSON to a byte buffer: shared-cache records and the forge cache's small arrays, where
/// `JSONEncoder` (which boxes every value) costs more than the rest of the work. Strings are
/// written from UTF-8 bytes, without becoming `String`s.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(utf8: $0) }
    }

    /// A string from bytes that are valid UTF-8 (a `String`'s, or ones checked by `string(bytes:)`).
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        var i = 0
        let n = utf8.count
        while i < n {
            let byte = utf8[i]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                escape(byte)
                start = i + 1
            } else if byte == 0xC2 || byte == 0xE2, let (scalar, length) = JSONText.invisible(utf8, at: i) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                JSONText.appendEscape(scalar, to: &bytes)
                i += length
                start = i
                continue
            }
            i += 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<n]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// A string from bytes that may not be UTF-8 (a name in a commit header): invalid sequences
    /// become U+FFFD, as `String(decoding:as:)` makes them.
    mutating func string(bytes raw: UnsafeBufferPointer<UInt8>) {
        var ascii = true
        for byte in raw where byte >= 0x80 { ascii = false; break }
        if ascii { string(utf8: raw) } else { string(String(decoding: raw, as: UTF8.self)) }
    }

    mutating func number(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        bytes.appendDecimal(value.magnitude)
    }

    /// A string of characters that need no escaping (an object id's hex digits), appended by
    /// `body` straight into the buffer.
    @inline(__always)
    mutating func ascii(_ body: (inout [UInt8]) -> Void) {
        bytes.append(UInt8(ascii: "\""))
        body(&bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        default: JSONText.appendEscape(UInt32(byte), to: &bytes)
        }
    }
}

/// JSON that is safe to print: besides what JSON requires escaped, DEL, the C1 controls
/// (U+0080–U+009F, which some terminals take as CSI or OSC) and the bidirectional overrides,
/// isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F) are written as `\uXXXX`,
/// so forge text in `--json` (read with `jq -r`, or just `cat`) cannot act on a terminal or
/// reorder what is shown. Escaping only changes the spelling: every parser reads the same string.
public enum JSONText {
    /// `json` (UTF-8 JSON text, as `JSONEncoder` writes it) with those characters escaped. They
    /// are never JSON syntax, so every occurrence is inside a string.
    public static func escapingInvisibles(_ json: Data) -> Data {
        guard json.contains(where: { $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return json }
        let input = [UInt8](json)
        var out: [UInt8] = []
        out.reserveCapacity(input.count + 64)
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == 0x7F {
                appendEscape(0x7F, to: &out)
            } else if byte == 0xC2 || byte == 0xE2, let (scalar, length) = invisible(input, at: i) {
                appendEscape(scalar, to: &out)
                i += length
                continue
            } else {
                out.append(byte)
            }
            i += 1
        }
        return Data(out)
    }

    /// The scalar and its UTF-8 length when the bytes at `i` encode one to escape.
    static func invisible<C: RandomAccessCollection>(_ bytes: C, at i: Int) -> (UInt32, Int)?
    where C.Element == UInt8, C.Index == Int {
        let n = bytes.endIndex
        switch bytes[i] {
        case 0xC2:
            guard i + 1 < n, (0x80...0x9F).contains(bytes[i + 1]) else { return nil }
            return (UInt32(bytes[i + 1]), 2)
        case 0xE2:
            guard i + 2 < n else { return nil }
            let (b1, b2) = (bytes[i + 1], bytes[i + 2])
            let hit = (b1 == 0x80 && ((0x8E...0x8F).contains(b2) || (0xAA...0xAE).contains(b2)))
                || (b1 == 0x81 && (0xA6...0xA9).contains(b2))
            guard hit else { return nil }
            return (0x2000 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F), 3)
        default:
            return nil
        }
    }

    /// `\uXXXX`, lowercase hex as `JSONEncoder` writes it.
    static func appendEscape(_ scalar: UInt32, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            bytes.append(Hex.digit(Int(scalar >> UInt32(shift) & 0xF)))
        }
    }
}

extension [UInt8] {
    /// Appends `value` in decimal, zero-padded to at least `minimumDigits` digits.
    mutating func appendDecimal(_ value: UInt64, minimumDigits: Int = 1) {
        var digits = 1
        var divisor: UInt64 = 1
        while value / divisor >= 10 { digits += 1; divisor *= 10 }
        for _ in digits..<Swift.max(minimumDigits, digits) { append(0x30) }
        var rest = value
        while divisor > 0 {
            append(0x30 + UInt8(truncatingIfNeeded: rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
