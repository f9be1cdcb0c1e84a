/// One `git.commit` event as ingest produces it: what goes into the eventlog row, plus the
/// references found in its message (derived data, written in the same transaction).
///
/// Built from the commit's bytes with one `String` (the message text the reference parser reads);
/// names and emails go from the object into the payload as bytes.
struct CommitEvent: Sendable {
    static let type = "git.commit"

    var id: ObjectID
    var time: Int64
    /// The binary payload (docs/data-model.md, "`git.commit` payload"; read by `CommitPayloadReader`).
    var payload: [UInt8]
    var references: [Reference]
    var parents: [ObjectID]
    /// `parseText` of a merge (two or more parents), for merge attribution; nil otherwise.
    var mergeText: String?

    init(_ commit: RawCommit, parser: ReferenceParser) {
        id = commit.oid
        time = commit.time
        var out = PayloadBytes(capacity: 64 + commit.bytes.count)
        var text = commit.bytes.withUnsafeBufferPointer { raw in
            Self.writeHeader(commit, raw, to: &out)
            return Self.messageText(commit, raw)
        }
        references = parser.references(in: text)
        text.withUTF8 { Self.writeMessage($0, to: &out) }
        payload = out.bytes
        parents = commit.parentIDs
        mergeText = parents.count > 1 ? text : nil
    }

    /// Version, flags, parents, times, people and encoding: everything before the message.
    /// The committer's time is the event's `timestamp`, so the author's is stored relative to it
    /// (0 unless the commit was amended or rebased: one byte).
    private static func writeHeader(_ commit: RawCommit, _ raw: UnsafeBufferPointer<UInt8>, to out: inout PayloadBytes) {
        let author = commit.authorSpan
        let committer = commit.committerSpan
        let same = raw[author.name].elementsEqual(raw[committer.name]) && raw[author.email].elementsEqual(raw[committer.email])
        var flags: UInt8 = 0
        if same { flags |= CommitPayloadReader.Flag.committerIsAuthor }
        if commit.encodingRange != nil { flags |= CommitPayloadReader.Flag.encoding }
        out.byte(CommitPayloadReader.version)
        out.byte(flags)
        out.varint(UInt64(commit.parentIDs.count))
        for parent in commit.parentIDs { parent.withBytes { out.append($0) } }
        out.signed(author.time &- committer.time)
        out.signed(Int64(author.offsetMinutes))
        out.signed(Int64(committer.offsetMinutes))
        out.field(UnsafeBufferPointer(rebasing: raw[author.name]))
        out.field(UnsafeBufferPointer(rebasing: raw[author.email]))
        if !same {
            out.field(UnsafeBufferPointer(rebasing: raw[committer.name]))
            out.field(UnsafeBufferPointer(rebasing: raw[committer.email]))
        }
        if let encoding = commit.encodingRange { out.field(UnsafeBufferPointer(rebasing: raw[encoding])) }
    }

    /// The message as `CommitMessage.parseText`: decoded with the `encoding` header when there is
    /// one, and split on bytes (which is the same as splitting the decoded text: invalid UTF-8
    /// never hides an ASCII line break or blank).
    private static func messageText(_ commit: RawCommit, _ raw: UnsafeBufferPointer<UInt8>) -> String {
        let message = UnsafeBufferPointer(rebasing: raw[commit.messageStart...])
        if let range = commit.encodingRange {
            let name = String(decoding: UnsafeBufferPointer(rebasing: raw[range]), as: UTF8.self)
            var text = TextDecoding.decode(Array(message), encoding: name)
            return String(decoding: text.withUTF8 { CommitMessage.joined($0) }, as: UTF8.self)
        }
        return String(decoding: CommitMessage.joined(message), as: UTF8.self)
    }

    /// The subject (length first) and the body (the rest) from the joined text: the subject ends
    /// at its first line break.
    private static func writeMessage(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout PayloadBytes) {
        let newline = utf8.firstIndex(of: 0x0A) ?? utf8.count
        out.field(UnsafeBufferPointer(rebasing: utf8[..<newline]))
        out.append(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[min(newline + 2, utf8.count)...])))
    }
}

extension CommitEvent {
    /// The binary payload of a commit already decoded (`v9-compact` converts JSON payloads with
    /// it; tests build expected payloads): the same bytes ingest writes for the commit, whose
    /// committer time `payload.committer.time` is the event's `timestamp`. Offsets are read from
    /// the dates. - Returns: nil when a parent is not a 40-digit id.
    static func payload(_ payload: CommitPayload) -> [UInt8]? {
        var out = PayloadBytes(capacity: 64 + payload.subject.utf8.count + payload.body.utf8.count)
        let same = payload.author.name == payload.committer.name && payload.author.email == payload.committer.email
        var flags: UInt8 = 0
        if same { flags |= CommitPayloadReader.Flag.committerIsAuthor }
        if payload.encoding != nil { flags |= CommitPayloadReader.Flag.encoding }
        out.byte(CommitPayloadReader.version)
        out.byte(flags)
        out.varint(UInt64(payload.parents.count))
        for parent in payload.parents {
            guard let id = ObjectID(hex: parent) else { return nil }
            id.withBytes { out.append($0) }
        }
        out.signed(payload.author.time &- payload.committer.time)
        out.signed(Int64(ShownCommit.offset(of: payload.author.date)))
        out.signed(Int64(ShownCommit.offset(of: payload.committer.date)))
        out.field(payload.author.name)
        out.field(payload.author.email)
        if !same {
            out.field(payload.committer.name)
            out.field(payload.committer.email)
        }
        if let encoding = payload.encoding { out.field(encoding) }
        out.field(payload.subject)
        var body = payload.body
        body.withUTF8 { out.append(UnsafeRawBufferPointer($0)) }
        return out.bytes
    }
}

/// Appends a binary payload: LEB128 varints, zigzag for signed values, length-prefixed fields.
struct PayloadBytes {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func append(_ raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }

    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Zigzag: small magnitudes of either sign take one byte.
    mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func field(_ value: UnsafeBufferPointer<UInt8>) {
        varint(UInt64(value.count))
        append(UnsafeRawBufferPointer(value))
    }

    mutating func field(_ value: String) {
        var value = value
        value.withUTF8 { field($0) }
    }
}

/// A `git.commit` event's payload decoded whole (`CommitPayloadReader.payload`), for tests and for
/// converting stores; the views read only the fields they need.
public struct CommitPayload: Codable, Sendable, Equatable {
    public struct Person: Codable, Sendable, Equatable {
        public var name: String
        public var email: String
        public var date: String
        public var time: Int64
    }

    public var sha: String
    public var parents: [String]
    public var author: Person
    public var committer: Person
    public var encoding: String?
    public var subject: String
    public var body: String

    var parseText: String { CommitMessage(subject: subject, body: body).parseText }
}
