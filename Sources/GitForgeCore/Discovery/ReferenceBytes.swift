/// Byte-level vocabulary shared by the reference scanner and its matchers.
///
/// The parser runs on every commit during ingest, so it works on UTF-8 bytes rather than
/// `Character`s: every syntax element of a reference is ASCII, and UTF-8 guarantees that no
/// byte of a multi-byte character can be mistaken for an ASCII one.
enum ReferenceBytes {
    typealias Buffer = UnsafeBufferPointer<UInt8>

    static let hash: UInt8 = 0x23       // #
    static let bang: UInt8 = 0x21       // !
    static let dash: UInt8 = 0x2D       // -
    static let colon: UInt8 = 0x3A      // :
    static let slash: UInt8 = 0x2F      // /
    static let dot: UInt8 = 0x2E        // .
    static let comma: UInt8 = 0x2C      // ,
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let openParen: UInt8 = 0x28
    static let closeParen: UInt8 = 0x29
    static let quote: UInt8 = 0x27      // '

    /// Forges store issue numbers as 32-bit signed integers; anything larger is not a reference
    /// (and must not overflow our arithmetic either).
    static let maxNumber = Int(Int32.max)

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isWord(_ b: UInt8) -> Bool { isLetter(b) || isDigit(b) || b == 0x5F }
    /// Keyword boundaries count non-ASCII as letters: "éfixes" is another word, not "fixes".
    @inline(__always) static func isWordOrNonASCII(_ b: UInt8) -> Bool { b >= 0x80 || isWord(b) }
    /// Characters of one repository path segment: `[A-Za-z0-9_.-]`.
    @inline(__always) static func isPathCharacter(_ b: UInt8) -> Bool { isWord(b) || b == dot || b == dash }
    @inline(__always) static func isHorizontalSpace(_ b: UInt8) -> Bool { b == space || b == tab }
    @inline(__always) static func lowercased(_ b: UInt8) -> UInt8 { isLetter(b) ? b | 0x20 : b }

    /// Parses the decimal number starting at `start`. Returns nil for no digits, a leading zero
    /// (`#007` is a hex colour far more often than an issue), zero, or a value above
    /// `maxNumber`; all digits are consumed either way so the caller never re-reads a suffix
    /// of an oversized number as a smaller one.
    @inline(__always)
    static func number(in b: Buffer, from start: Int, to end: Int) -> (value: Int, end: Int)? {
        var i = start
        var value = 0
        while i < end, isDigit(b[i]) {
            if value <= maxNumber { value = value &* 10 &+ Int(b[i] &- 0x30) }
            i += 1
        }
        guard i > start, b[start] != 0x30, value <= maxNumber else { return nil }
        return (value, i)
    }

    /// A reference must not run straight into a word: `#123abc` is a colour, `#12_x` a name.
    /// Non-ASCII may follow so that Japanese and Chinese text without spaces still works.
    @inline(__always)
    static func endsReference(_ b: Buffer, at i: Int) -> Bool { i >= b.count || !isWord(b[i]) }

    /// Whether a reference may start at `i`. GitHub and GitLab only link `#12` after a
    /// boundary; allowing letters or `/`, `&`, `~` before it would match `C#7`, `&#123;`,
    /// URL paths and anchors. Unicode spaces and CJK punctuation count as the boundaries they are.
    static func mayStartReference(_ b: Buffer, at i: Int) -> Bool {
        guard i > 0 else { return true }
        let p = b[i - 1]
        switch p {
        case 0x09...0x0D, space, openParen, 0x5B, 0x7B, comma, 0x3B, colon, quote, 0x22, 0x3C:
            return true  // whitespace ( [ { , ; : ' " <
        case 0x80...:
            return isBoundaryScalar(scalarEnding(at: i, in: b))
        default:
            return false
        }
    }

    /// Unicode characters that behave like the ASCII boundaries above in real messages.
    static func isBoundaryScalar(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x00A0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true  // non-breaking, typographic and ideographic spaces
        case 0x2018, 0x201C, 0x3001, 0x3002, 0x300C, 0x300E, 0x3010:
            return true  // ‘ “ 、 。 「 『 【
        case 0xFF08, 0xFF0C, 0xFF1A, 0xFF1B, 0xFF1C, 0xFF3B, 0xFF5B:
            return true  // fullwidth ( , : ; < [ {
        default:
            return false
        }
    }

    /// Decodes the scalar whose last byte is at `end - 1`; 0 for malformed input, which is
    /// then simply not a boundary.
    static func scalarEnding(at end: Int, in b: Buffer) -> UInt32 {
        var start = end - 1
        while start > 0, end - start < 4, b[start] & 0xC0 == 0x80 { start -= 1 }
        return scalarStarting(at: start, in: b, limit: end)
    }

    /// Decodes the scalar starting at `start`; 0 when it is malformed or runs past `limit`.
    static func scalarStarting(at start: Int, in b: Buffer, limit: Int) -> UInt32 {
        let lead = b[start]
        let length: Int
        var scalar: UInt32
        switch lead {
        case 0xC0..<0xE0: (length, scalar) = (2, UInt32(lead & 0x1F))
        case 0xE0..<0xF0: (length, scalar) = (3, UInt32(lead & 0x0F))
        case 0xF0..<0xF8: (length, scalar) = (4, UInt32(lead & 0x07))
        default: return 0
        }
        guard start + length <= limit else { return 0 }
        for k in 1..<length {
            let c = b[start + k]
            guard c & 0xC0 == 0x80 else { return 0 }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        return scalar
    }

    /// Whether `b[at...]` starts with `literal`, compared exactly (used for the fixed phrases
    /// forges generate, which never vary in case).
    @inline(__always)
    static func matches(_ literal: [UInt8], in b: Buffer, at i: Int) -> Bool {
        guard i >= 0, i + literal.count <= b.count else { return false }
        for k in 0..<literal.count where b[i + k] != literal[k] { return false }
        return true
    }

    /// Case-insensitive equality of `b[range]` with an already lower-cased ASCII pattern.
    @inline(__always)
    static func equalsIgnoringCase(_ b: Buffer, _ range: Range<Int>, _ lowercasedPattern: [UInt8]) -> Bool {
        guard range.count == lowercasedPattern.count else { return false }
        var k = 0
        for i in range {
            if lowercased(b[i]) != lowercasedPattern[k] { return false }
            k += 1
        }
        return true
    }

    static func trimmed(_ bytes: [UInt8], isTrimmed: (UInt8) -> Bool) -> [UInt8] {
        guard let first = bytes.firstIndex(where: { !isTrimmed($0) }),
              let last = bytes.lastIndex(where: { !isTrimmed($0) }) else { return [] }
        return Array(bytes[first...last])
    }

    static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i
        }
        return nil
    }
}
