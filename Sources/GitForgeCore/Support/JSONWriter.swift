/// Appends JSON to a byte buffer. Ingest writes one payload per commit, and `JSONEncoder` (which
/// boxes every value) would cost more than the walk itself; payloads are read back with `Codable`.
/// Strings are written from UTF-8 bytes, so a commit's fields go from the object to the payload
/// without becoming `String`s.
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
            if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i]))
                escape(byte)
                start = i + 1
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

    mutating func objectID(_ id: ObjectID) {
        bytes.append(UInt8(ascii: "\""))
        id.appendHex(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// An ISO 8601 date string (see `ISODate`).
    mutating func date(seconds: Int64, offsetMinutes: Int) {
        bytes.append(UInt8(ascii: "\""))
        ISODate.append(seconds: seconds, offsetMinutes: offsetMinutes, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case 0x22: bytes.append(0x22)
        case 0x5C: bytes.append(0x5C)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, Hex.digit(Int(byte >> 4)), Hex.digit(Int(byte & 0xF))])
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
