import GRDB

/// The one reader of `git.commit` payloads (schema: docs/data-model.md, "`git.commit` payload";
/// written by `Ingest/CommitEvent`). Every query that needs a stored commit's fields takes its
/// SQL expression from `sql(_:in:)`, and every Swift reader is below, so a change of the stored
/// encoding changes this file (and the writer) only.
///
/// SQLite's JSON operators pick the fields out rather than `JSONDecoder`: decoding makes the
/// runtime scan every protocol conformance in the static binary for Codable's generic containers
/// (~0.5 ms of a 6 ms `show`), and whole payloads cost more than the merge walks they feed.
enum CommitPayloadReader {
    enum Field {
        case sha, subject, body
        case authorName, authorEmail
        /// ISO 8601 with the author's offset, as `git show` prints it.
        case authorDate
        /// Unix seconds.
        case authorTime, committerTime
        /// The parents as a JSON array of hex ids (read with `parents(_:)`).
        case parents
        /// The parents separated by spaces.
        case parentList
        case parentCount
        /// Whether the payload can be read at all.
        case readable
    }

    /// The SQL expression for `field` of the payload in column `payload`.
    static func sql(_ field: Field, in payload: String = "payload") -> String {
        switch field {
        case .sha: "\(payload) ->> '$.sha'"
        case .subject: "\(payload) ->> '$.subject'"
        case .body: "\(payload) ->> '$.body'"
        case .authorName: "\(payload) ->> '$.author.name'"
        case .authorEmail: "\(payload) ->> '$.author.email'"
        case .authorDate: "\(payload) ->> '$.author.date'"
        case .authorTime: "\(payload) ->> '$.author.time'"
        case .committerTime: "\(payload) ->> '$.committer.time'"
        case .parents: "json_extract(\(payload), '$.parents')"
        case .parentList: "(SELECT group_concat(value, ' ') FROM json_each(\(payload), '$.parents'))"
        case .parentCount: "json_array_length(\(payload), '$.parents')"
        case .readable: "json_valid(\(payload))"
        }
    }

    /// The shas of a `.parents` value.
    static func parents(_ json: String) -> [String] {
        json.split(whereSeparator: { $0 == "[" || $0 == "]" || $0 == "\"" || $0 == "," }).map(String.init)
    }

    /// The commit as `show` prints it, nil when it is not ingested (or its payload is unreadable).
    static func shown(_ db: Database, sha: String) throws -> ShownCommit? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT \(sql(.sha)), \(sql(.authorName)), \(sql(.authorEmail)), \(sql(.authorDate)), \(sql(.authorTime)),
                   \(sql(.subject)), \(sql(.body)), \(sql(.parentList))
            FROM eventlog WHERE type = ? AND source_id = ? AND \(sql(.readable))
            """, arguments: [CommitEvent.type, sha]),
              let sha: String = row[0], let name: String = row[1], let email: String = row[2],
              let date: String = row[3], let time: Int64 = row[4], let subject: String = row[5],
              let body: String = row[6] else { return nil }
        let parents = (row[7] as String?)?.split(separator: " ").map(String.init) ?? []
        return ShownCommit(sha: sha, parents: parents, authorName: name, authorEmail: email, date: date,
                           time: time, offsetMinutes: ShownCommit.offset(of: date), subject: subject,
                           body: body, ingested: true)
    }

    /// What derivation reads of each event after `seq`, oldest first: its sha, committer time and
    /// message. Unreadable payloads are passed over.
    /// - Parameter each: given `seq` and the fields (nil for an unreadable payload).
    static func messages(_ db: Database, after seq: Int64,
                         _ each: (Int64, (sha: String, time: Int64, message: CommitMessage)?) throws -> Void) throws {
        // `+type` keeps SQLite off the (type, source_id) index, which it would otherwise pick and
        // read whole (O(history) on every ingest); the rowid range reads only the new events.
        // `->>` fails the whole query on malformed JSON: each field is read only from a valid one.
        func checked(_ field: Field) -> String { "CASE WHEN \(sql(.readable)) THEN \(sql(field)) END" }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT seq, \(checked(.sha)), \(checked(.committerTime)), \(checked(.subject)), \(checked(.body))
            FROM eventlog WHERE seq > ? AND +type = ? ORDER BY seq
            """, arguments: [seq, CommitEvent.type])
        while let row = try rows.next() {
            let seq: Int64 = row[0]
            guard let sha: String = row[1], let time: Int64 = row[2], let subject: String = row[3],
                  let body: String = row[4] else { try each(seq, nil); continue }
            try each(seq, (sha, time, CommitMessage(subject: subject, body: body)))
        }
    }
}
