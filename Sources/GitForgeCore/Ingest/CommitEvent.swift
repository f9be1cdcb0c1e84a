/// One `git.commit` event as ingest produces it: what goes into the eventlog row, plus the
/// references found in its message (derived data, written in the same transaction).
struct CommitEvent: Sendable {
    static let type = "git.commit"

    var sha: CommitID
    var time: Int64
    var payload: String
    var references: [Reference]

    init(_ commit: RawCommit, parser: ReferenceParser) {
        let text = TextDecoding.decode(commit.message, encoding: commit.encoding)
        let message = CommitMessage(text)
        sha = commit.id
        time = commit.committer.time
        references = parser.references(in: message.parseText)
        var json = JSONWriter(capacity: 256 + commit.message.count)
        json.raw("{\"sha\":")
        json.string(commit.id)
        json.raw(",\"parents\":[")
        for (i, parent) in commit.parents.enumerated() {
            if i > 0 { json.raw(",") }
            json.string(parent)
        }
        json.raw("],\"author\":")
        Self.write(commit.author, to: &json)
        json.raw(",\"committer\":")
        Self.write(commit.committer, to: &json)
        if let encoding = commit.encoding {
            json.raw(",\"encoding\":")
            json.string(encoding)
        }
        json.raw(",\"subject\":")
        json.string(message.subject)
        json.raw(",\"body\":")
        json.string(message.body)
        json.raw("}")
        payload = json.string
    }

    private static func write(_ person: Signature, to json: inout JSONWriter) {
        json.raw("{\"name\":")
        json.string(person.name)
        json.raw(",\"email\":")
        json.string(person.email)
        json.raw(",\"date\":")
        json.string(ISODate.format(seconds: person.time, offsetMinutes: person.offsetMinutes))
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
