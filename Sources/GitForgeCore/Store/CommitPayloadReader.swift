import Foundation
import GRDB

/// The one reader of `git.commit` payloads (format: docs/data-model.md, "`git.commit` payload";
/// written by `CommitEvent`). Queries fetch the payload blob and decode it here, in Swift; the few
/// that filter on it in SQL take their conditions from `sql(_:in:)`. A change of the stored
/// encoding changes this file (and the writer) only.
///
/// Why decode in Swift rather than through SQL functions registered on every connection: a
/// reader needs several fields of one payload, and one pass over ~90 bytes costs less than one
/// function call per field (each copying its value into a `DatabaseValue`); the conditions SQL
/// needs (readable, merge or not) are bytes at fixed places, which SQLite compares itself, so no
/// connection (nor the `sqlite3` shell) needs anything registered to query the store.
enum CommitPayloadReader {
    /// The first byte of every payload this build writes.
    static let version: UInt8 = 1

    enum Flag {
        /// The committer's name and email are the author's (and are not stored twice).
        static let committerIsAuthor: UInt8 = 1
        /// The commit has an `encoding` header, stored after the people.
        static let encoding: UInt8 = 2
    }

    enum Condition {
        /// The payload can be read at all (its version is known).
        case readable
        /// A readable payload of a commit with two or more parents.
        case merge
        /// A readable payload of a commit with at most one parent.
        case notMerge
    }

    /// The SQL condition on the payload in column `payload`. The parent count's first byte is
    /// the payload's third; as a varint it is 0 or 1 exactly when the count is.
    static func sql(_ condition: Condition, in payload: String = "payload") -> String {
        let readable = "substr(\(payload), 1, 1) = x'0\(version)'"
        switch condition {
        case .readable: return readable
        case .merge: return "(\(readable) AND substr(\(payload), 3, 1) > x'01')"
        case .notMerge: return "(\(readable) AND substr(\(payload), 3, 1) <= x'01')"
        }
    }

    // MARK: Decoding

    /// A payload decoded whole (the message as UTF-8 text); nil when it is not one this build reads.
    struct Fields {
        var parents: [ObjectID] = []
        var authorTime: Int64 = 0
        var authorOffset = 0
        var committerOffset = 0
        var authorName = ""
        var authorEmail = ""
        var committerName = ""
        var committerEmail = ""
        var encoding: String?
        var subject = ""
        var body = ""
    }

    /// Reads bytes off the front of a payload; every read is nil past the end.
    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var at = 0

        mutating func byte() -> UInt8? {
            guard at < bytes.count else { return nil }
            at += 1
            return bytes[at - 1]
        }

        mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while let byte = byte() {
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }

        mutating func signed() -> Int64? {
            varint().map { Int64(bitPattern: $0 >> 1) ^ -Int64(bitPattern: $0 & 1) }
        }

        mutating func take(_ count: Int) -> UnsafeRawBufferPointer? {
            guard count >= 0, count <= bytes.count - at else { return nil }
            at += count
            return UnsafeRawBufferPointer(rebasing: bytes[(at - count)..<at])
        }

        /// A length-prefixed field as text (invalid UTF-8, possible in a name, becomes U+FFFD).
        mutating func text() -> String? {
            guard let count = varint(), count <= UInt64(Int.max), let raw = take(Int(count)) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }

        var rest: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: bytes[at...]) }
    }

    /// Version, flags and parents. - Returns: the parents and the flags, with the cursor after them.
    private static func header(_ cursor: inout Cursor) -> (parents: [ObjectID], flags: UInt8)? {
        guard cursor.byte() == version, let flags = cursor.byte(), let count = cursor.varint(),
              count <= UInt64(cursor.bytes.count / 20) else { return nil }
        var parents: [ObjectID] = []
        parents.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let raw = cursor.take(20), let id = ObjectID(bytes: raw) else { return nil }
            parents.append(id)
        }
        return (parents, flags)
    }

    /// Every field. - Parameter committerTime: the event's `timestamp`.
    static func fields(_ payload: UnsafeRawBufferPointer, committerTime: Int64) -> Fields? {
        var cursor = Cursor(bytes: payload)
        guard let (parents, flags) = header(&cursor), let delta = cursor.signed(),
              let authorOffset = cursor.signed(), let committerOffset = cursor.signed(),
              let name = cursor.text(), let email = cursor.text() else { return nil }
        var fields = Fields(parents: parents, authorTime: committerTime &+ delta,
                            authorOffset: Int(truncatingIfNeeded: authorOffset),
                            committerOffset: Int(truncatingIfNeeded: committerOffset),
                            authorName: name, authorEmail: email, committerName: name, committerEmail: email)
        if flags & Flag.committerIsAuthor == 0 {
            guard let name = cursor.text(), let email = cursor.text() else { return nil }
            (fields.committerName, fields.committerEmail) = (name, email)
        }
        if flags & Flag.encoding != 0 {
            guard let encoding = cursor.text() else { return nil }
            fields.encoding = encoding
        }
        guard let subject = cursor.text() else { return nil }
        fields.subject = subject
        fields.body = String(decoding: cursor.rest, as: UTF8.self)
        return fields
    }

    /// The parents alone (merge attribution's walks read nothing else).
    static func parents(_ payload: UnsafeRawBufferPointer) -> [ObjectID]? {
        var cursor = Cursor(bytes: payload)
        return header(&cursor)?.parents
    }

    /// The payload as `CommitPayload`, with `sha` (the event's `source_id`) and the dates formatted.
    static func payload(_ payload: [UInt8], sha: String, committerTime: Int64) -> CommitPayload? {
        guard let f = payload.withUnsafeBytes({ fields($0, committerTime: committerTime) }) else { return nil }
        return CommitPayload(
            sha: sha, parents: f.parents.map(\.hex),
            author: .init(name: f.authorName, email: f.authorEmail,
                          date: ISODate.format(seconds: f.authorTime, offsetMinutes: f.authorOffset), time: f.authorTime),
            committer: .init(name: f.committerName, email: f.committerEmail,
                             date: ISODate.format(seconds: committerTime, offsetMinutes: f.committerOffset),
                             time: committerTime),
            encoding: f.encoding, subject: f.subject, body: f.body)
    }

    // MARK: Queries

    /// The commit as `show` prints it, nil when it is not ingested (or its payload is unreadable).
    static func shown(_ db: Database, sha: String) throws -> ShownCommit? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT timestamp, payload FROM eventlog WHERE type = ? AND source_id = ?
            """, arguments: [CommitEvent.type, StoredID.value(sha)]),
              let payload = row[1] as Data?, let time = row[0] as Int64?,
              let f = payload.withUnsafeBytes({ fields($0, committerTime: time) }) else { return nil }
        return ShownCommit(sha: sha, parents: f.parents.map(\.hex), authorName: f.authorName, authorEmail: f.authorEmail,
                           date: ISODate.format(seconds: f.authorTime, offsetMinutes: f.authorOffset),
                           time: f.authorTime, offsetMinutes: f.authorOffset, subject: f.subject, body: f.body,
                           ingested: true)
    }

    /// What derivation reads of each event after `seq`, oldest first: its id, committer time and
    /// message. Unreadable payloads are passed over.
    /// - Parameter each: given `seq` and the fields (nil for an unreadable payload).
    static func messages(_ db: Database, after seq: Int64,
                         _ each: (Int64, (id: ObjectID, time: Int64, message: CommitMessage)?) throws -> Void) throws {
        // `+type` keeps SQLite off the (type, source_id) index, which it would otherwise pick and
        // read whole (O(history) on every ingest); the rowid range reads only the new events.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT seq, source_id, timestamp, payload FROM eventlog WHERE seq > ? AND +type = ? ORDER BY seq
            """, arguments: [seq, CommitEvent.type])
        while let row = try rows.next() {
            let seq: Int64 = row[0]
            guard let source = row[1] as Data?, let id = source.withUnsafeBytes({ ObjectID(bytes: $0) }),
                  let time = row[2] as Int64?, let payload = row[3] as Data?,
                  let f = payload.withUnsafeBytes({ fields($0, committerTime: time) }) else { try each(seq, nil); continue }
            try each(seq, (id, time, CommitMessage(subject: f.subject, body: f.body)))
        }
    }
}
