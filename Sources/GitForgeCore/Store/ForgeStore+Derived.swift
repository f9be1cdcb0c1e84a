import Foundation
import GRDB

extension ForgeStore {
    /// Makes the derived tables reflect every event, for `context`: recreates them when they are
    /// missing or were parsed for another forge, then derives whatever events they lag behind.
    /// - Returns: the number of events derived.
    @discardableResult
    public func syncDerived(context: ReferenceContext) throws(StoreError) -> Int {
        try write { db in try Self.syncDerived(db, context: context) }
    }

    static func syncDerived(_ db: Database, context: ReferenceContext) throws -> Int {
        var through = Int64(try meta(db, "derived.seq") ?? "0") ?? 0
        if try DerivedTables.areMissing(db) || meta(db, "derived.context") != context.derivationKey {
            try DerivedTables.drop(db)
            try DerivedTables.create(db)
            try setMeta(db, "derived.context", context.derivationKey)
            through = 0
        }
        let parser = ReferenceParser(context)
        let recorder = try ReferenceRecorder(db, context: context)
        let decoder = JSONDecoder()
        // `+type` keeps SQLite off the (type, source_id) index, which it would otherwise pick and
        // read whole (O(history) on every ingest); the rowid range reads only the new events.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT seq, payload FROM eventlog WHERE seq > ? AND +type = ? ORDER BY seq
            """, arguments: [through, CommitEvent.type])
        var derived = 0
        var last = through
        while let row = try rows.next() {
            last = row["seq"]
            let text: String = row["payload"]
            guard let payload = try? decoder.decode(CommitPayload.self, from: Data(text.utf8)) else { continue }
            try recorder.record(sha: payload.sha, time: payload.committer.time,
                                references: parser.references(in: payload.parseText))
            derived += 1
        }
        if last != through || derived == 0 { try setMeta(db, "derived.seq", String(last)) }
        return derived
    }
}
