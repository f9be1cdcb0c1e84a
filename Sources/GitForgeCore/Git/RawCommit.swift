/// A commit object's bytes, with its header located but not decoded: the walk needs only the
/// parents and the committer time, and the event builder reads names, emails and the message
/// straight from `bytes` (no `String` per field, which cost more than reading the object). The
/// decoded fields (`id`, `parents`, `author`, …) are computed on demand for other readers.
public struct RawCommit: Sendable {
    public var oid: ObjectID
    public var parentIDs: [ObjectID] = []
    var authorSpan = SignatureSpan()
    var committerSpan = SignatureSpan()
    /// Where the `encoding` header's value lies, when the committer's git was not set to UTF-8.
    var encodingRange: Range<Int>?
    /// Where the message starts in `bytes` (it runs to the end), exactly as stored.
    var messageStart: Int
    /// The whole object.
    var bytes: [UInt8]

    /// Seconds since the epoch, as the committer's clock said.
    public var time: Int64 { committerSpan.time }

    public var id: CommitID { oid.hex }
    public var parents: [CommitID] { parentIDs.map(\.hex) }
    public var author: Signature { Signature(authorSpan, in: bytes) }
    public var committer: Signature { Signature(committerSpan, in: bytes) }
    /// The `encoding` header.
    public var encoding: String? {
        encodingRange.map { String(decoding: bytes[$0], as: UTF8.self) }
    }
    /// The message bytes exactly as stored.
    public var message: [UInt8] { Array(bytes[messageStart...]) }

    init(id: ObjectID, bytes raw: UnsafeBufferPointer<UInt8>) {
        oid = id
        bytes = Array(raw)
        let n = raw.count
        var i = 0
        // Header lines until the first empty line; continuation lines (gpgsig, mergetag) start
        // with a space and are skipped with their header.
        while i < n, raw[i] != 0x0A {
            var end = i
            while end < n, raw[end] != 0x0A { end += 1 }
            let line = i..<end
            if Self.has(raw, line, "parent "), line.count == 47,
               let parent = ObjectID(hex: UnsafeBufferPointer(rebasing: raw[(i + 7)..<end])) {
                parentIDs.append(parent)
            } else if Self.has(raw, line, "author ") {
                authorSpan = SignatureSpan(raw, (i + 7)..<end)
            } else if Self.has(raw, line, "committer ") {
                committerSpan = SignatureSpan(raw, (i + 10)..<end)
            } else if Self.has(raw, line, "encoding ") {
                encodingRange = (i + 9)..<end
            }
            i = end + 1
        }
        messageStart = min(i + 1, n)
    }

    @inline(__always)
    private static func has(_ raw: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, _ key: StaticString) -> Bool {
        let count = key.utf8CodeUnitCount
        guard line.count >= count else { return false }
        let k = key.utf8Start
        for j in 0..<count where raw[line.lowerBound + j] != k[j] { return false }
        return true
    }
}

/// `Name <email> 1700000000 +0100`, as in an author or committer header, decoded.
public struct Signature: Sendable, Equatable {
    public var name = ""
    public var email = ""
    /// Seconds since the epoch.
    public var time: Int64 = 0
    /// The author's UTC offset in minutes, kept so dates print as the author saw them.
    public var offsetMinutes = 0

    public init() {}

    public init(name: String, email: String, time: Int64, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }

    init(_ span: SignatureSpan, in bytes: [UInt8]) {
        self.init(name: String(decoding: bytes[span.name], as: UTF8.self),
                  email: String(decoding: bytes[span.email], as: UTF8.self),
                  time: span.time, offsetMinutes: span.offsetMinutes)
    }
}

/// A signature header as it lies in a commit's bytes: where the name and email are, and the
/// parsed time.
struct SignatureSpan: Sendable, Equatable {
    var name: Range<Int> = 0..<0
    var email: Range<Int> = 0..<0
    /// Seconds since the epoch.
    var time: Int64 = 0
    /// The author's UTC offset in minutes.
    var offsetMinutes = 0

    init() {}

    init(_ raw: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) {
        var lt = line.lowerBound
        while lt < line.upperBound, raw[lt] != UInt8(ascii: "<") { lt += 1 }
        var gt = lt
        while gt < line.upperBound, raw[gt] != UInt8(ascii: ">") { gt += 1 }
        guard gt < line.upperBound else {
            name = line
            return
        }
        var nameEnd = lt
        while nameEnd > line.lowerBound, raw[nameEnd - 1] == 0x20 { nameEnd -= 1 }
        name = line.lowerBound..<nameEnd
        email = (lt + 1)..<gt
        // The date follows the *last* '>', as git reads an ident with a stray one ("A <b> <a@x> …").
        var last = line.upperBound - 1
        while last > gt, raw[last] != UInt8(ascii: ">") { last -= 1 }
        var j = last + 1
        let end = line.upperBound
        while j < end, raw[j] == 0x20 { j += 1 }
        var seconds: Int64 = 0
        var digits = 0, overflow = false
        while j < end, let d = Self.digit(raw[j]) {
            let (times10, o1) = seconds.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(d))
            seconds = sum
            overflow = overflow || o1 || o2
            digits += 1
            j += 1
        }
        // No number, or one past any date: git takes the date as invalid and shows the epoch, UTC.
        guard digits > 0, !overflow else { return }
        time = seconds
        while j < end, raw[j] == 0x20 { j += 1 }
        // The zone as git reads it: a sign and a number read as hhmm ("+05" is five minutes).
        guard j < end, raw[j] == UInt8(ascii: "+") || raw[j] == UInt8(ascii: "-") else { return }
        var zone = 0, k = j + 1
        while k < end, k < j + 5, let d = Self.digit(raw[k]) {
            zone = zone * 10 + d
            k += 1
        }
        let minutes = zone / 100 * 60 + zone % 100
        offsetMinutes = raw[j] == UInt8(ascii: "-") ? -minutes : minutes
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }
}
