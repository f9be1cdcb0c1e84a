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
        var through = Int64(try meta(db, .derivedSeq) ?? "0") ?? 0
        if try DerivedTables.areMissing(db) || meta(db, .derivedContext) != context.derivationKey {
            try DerivedTables.drop(db)
            try DerivedTables.create(db)
            try setMeta(db, .derivedContext, context.derivationKey)
            through = 0
        }
        let parser = ReferenceParser(context)
        let recorder = try ReferenceRecorder(db, context: context)
        var derived = 0
        var last = through
        try CommitPayloadReader.messages(db, after: through) { seq, commit in
            last = seq
            guard let commit else { return }
            try recorder.record(sha: commit.id, time: commit.time,
                                references: parser.references(in: commit.message.parseText))
            derived += 1
        }
        try recorder.finish()
        if last != through || derived == 0 { try setMeta(db, .derivedSeq, String(last)) }
        return derived
    }
}
