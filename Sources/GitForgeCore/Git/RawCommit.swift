/// A commit parsed straight from its object bytes (see `ObjectDatabase`).
public struct RawCommit: Sendable {
    public var id: CommitID
    public var parents: [CommitID] = []
    public var author = Signature()
    public var committer = Signature()
    /// The `encoding` header, when the committer's git was not set to UTF-8.
    public var encoding: String?
    /// The message bytes exactly as stored.
    public var message: [UInt8] = []

    init(id: CommitID, bytes: UnsafeBufferPointer<UInt8>) {
        self.id = id
        var i = 0
        let n = bytes.count
        // Header lines until the first empty line; continuation lines (gpgsig, mergetag) start
        // with a space and are skipped with their header.
        while i < n, bytes[i] != 0x0A {
            var end = i
            while end < n, bytes[end] != 0x0A { end += 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[i..<end])
            if line.starts(with: Self.parentKey), line.count == 47 {
                parents.append(String(decoding: line[7...], as: UTF8.self))
            } else if line.starts(with: Self.authorKey) {
                author = Signature(UnsafeBufferPointer(rebasing: line[7...]))
            } else if line.starts(with: Self.committerKey) {
                committer = Signature(UnsafeBufferPointer(rebasing: line[10...]))
            } else if line.starts(with: Self.encodingKey) {
                encoding = String(decoding: line[9...], as: UTF8.self)
            }
            i = end + 1
        }
        if i < n { message = Array(bytes[(i + 1)...]) }
    }

    private static let parentKey = Array("parent ".utf8)
    private static let authorKey = Array("author ".utf8)
    private static let committerKey = Array("committer ".utf8)
    private static let encodingKey = Array("encoding ".utf8)
}

/// `Name <email> 1700000000 +0100`, as in an author or committer header.
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

    init(_ line: UnsafeBufferPointer<UInt8>) {
        guard let lt = line.firstIndex(of: UInt8(ascii: "<")),
              let gt = line[lt...].firstIndex(of: UInt8(ascii: ">")) else {
            name = String(decoding: line, as: UTF8.self)
            return
        }
        var nameEnd = lt
        while nameEnd > 0, line[nameEnd - 1] == 0x20 { nameEnd -= 1 }
        name = String(decoding: line[..<nameEnd], as: UTF8.self)
        email = String(decoding: line[(lt + 1)..<gt], as: UTF8.self)
        var j = gt + 1
        while j < line.count, line[j] == 0x20 { j += 1 }
        var seconds: Int64 = 0
        while j < line.count, let d = Self.digit(line[j]) {
            seconds = seconds &* 10 &+ Int64(d)
            j += 1
        }
        time = seconds
        while j < line.count, line[j] == 0x20 { j += 1 }
        if j + 5 <= line.count, line[j] == UInt8(ascii: "+") || line[j] == UInt8(ascii: "-"),
           let h1 = Self.digit(line[j + 1]), let h2 = Self.digit(line[j + 2]),
           let m1 = Self.digit(line[j + 3]), let m2 = Self.digit(line[j + 4]) {
            let minutes = (h1 * 10 + h2) * 60 + m1 * 10 + m2
            offsetMinutes = line[j] == UInt8(ascii: "-") ? -minutes : minutes
        }
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= 0x30 && byte <= 0x39 ? Int(byte - 0x30) : nil
    }
}
