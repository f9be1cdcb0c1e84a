/// One `git.commit` event as ingest produces it: what goes into the eventlog row, plus the
/// references found in its message (derived data, written in the same transaction).
///
/// Built from the commit's bytes with one `String` (the message text the reference parser reads);
/// names, emails and dates go from the object into the payload as bytes.
struct CommitEvent: Sendable {
    static let type = "git.commit"

    var sha: CommitID
    var time: Int64
    /// UTF-8 JSON (`CommitPayload`).
    var payload: [UInt8]
    var references: [Reference]
    var parents: [ObjectID]
    /// `parseText` of a merge (two or more parents), for merge attribution; nil otherwise.
    var mergeText: String?

    init(_ commit: RawCommit, parser: ReferenceParser) {
        sha = commit.id
        time = commit.time
        var json = JSONWriter(capacity: 320 + commit.bytes.count)
        var text = commit.bytes.withUnsafeBufferPointer { raw in
            Self.writeHeader(commit, raw, to: &json)
            return Self.messageText(commit, raw)
        }
        references = parser.references(in: text)
        text.withUTF8 { Self.writeMessage($0, to: &json) }
        payload = json.bytes
        parents = commit.parentIDs
        mergeText = parents.count > 1 ? text : nil
    }

    /// `{"sha":…,"parents":[…],"author":…,"committer":…[,"encoding":…]`
    private static func writeHeader(_ commit: RawCommit, _ raw: UnsafeBufferPointer<UInt8>, to json: inout JSONWriter) {
        json.raw("{\"sha\":")
        json.objectID(commit.oid)
        json.raw(",\"parents\":[")
        for (i, parent) in commit.parentIDs.enumerated() {
            if i > 0 { json.raw(",") }
            json.objectID(parent)
        }
        json.raw("],\"author\":")
        write(commit.authorSpan, raw, to: &json)
        json.raw(",\"committer\":")
        write(commit.committerSpan, raw, to: &json)
        if let encoding = commit.encodingRange {
            json.raw(",\"encoding\":")
            json.string(bytes: UnsafeBufferPointer(rebasing: raw[encoding]))
        }
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

    /// `,"subject":…,"body":…}` from the joined text: the subject ends at its first line break.
    private static func writeMessage(_ utf8: UnsafeBufferPointer<UInt8>, to json: inout JSONWriter) {
        let newline = utf8.firstIndex(of: 0x0A) ?? utf8.count
        json.raw(",\"subject\":")
        json.string(utf8: UnsafeBufferPointer(rebasing: utf8[..<newline]))
        json.raw(",\"body\":")
        json.string(utf8: UnsafeBufferPointer(rebasing: utf8[min(newline + 2, utf8.count)...]))
        json.raw("}")
    }

    private static func write(_ person: SignatureSpan, _ raw: UnsafeBufferPointer<UInt8>, to json: inout JSONWriter) {
        json.raw("{\"name\":")
        json.string(bytes: UnsafeBufferPointer(rebasing: raw[person.name]))
        json.raw(",\"email\":")
        json.string(bytes: UnsafeBufferPointer(rebasing: raw[person.email]))
        json.raw(",\"date\":")
        json.date(seconds: person.time, offsetMinutes: person.offsetMinutes)
        json.raw(",\"time\":")
        json.number(person.time)
        json.raw("}")
    }
}

/// The payload of a `git.commit` event, read back by `show` and by re-derivation.
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
