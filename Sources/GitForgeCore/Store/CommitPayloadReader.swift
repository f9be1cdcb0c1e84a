import GRDB

/// The one reader of `git.commit` payloads (docs/data-model.md, "`git.commit` payload"): every
/// command that needs a stored commit's fields asks here, so a change of the stored encoding
/// changes this file only.
enum CommitPayloadReader {
    /// The commit as `show` prints it, nil when it is not ingested (or its payload is unreadable).
    /// SQLite's JSON functions pick out the fields: decoding the payload with `JSONDecoder` makes
    /// the runtime scan every protocol conformance in the static binary for Codable's generic
    /// containers, ~0.5 ms of a 6 ms `show`.
    static func shown(_ db: Database, sha: String) throws -> ShownCommit? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT payload ->> '$.sha', payload ->> '$.author.name', payload ->> '$.author.email',
                   payload ->> '$.author.date', payload ->> '$.author.time', payload ->> '$.subject',
                   payload ->> '$.body',
                   (SELECT group_concat(value, ' ') FROM json_each(payload, '$.parents'))
            FROM eventlog WHERE type = ? AND source_id = ? AND json_valid(payload)
            """, arguments: [CommitEvent.type, sha]),
              let sha: String = row[0], let name: String = row[1], let email: String = row[2],
              let date: String = row[3], let time: Int64 = row[4], let subject: String = row[5],
              let body: String = row[6] else { return nil }
        let parents = (row[7] as String?)?.split(separator: " ").map(String.init) ?? []
        return ShownCommit(sha: sha, parents: parents, authorName: name, authorEmail: email, date: date,
                           time: time, offsetMinutes: ShownCommit.offset(of: date), subject: subject,
                           body: body, ingested: true)
    }
}
