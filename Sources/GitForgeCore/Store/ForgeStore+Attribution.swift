import Foundation
import GRDB

/// Merge attribution's reads and writes (`Derived/MergeAttribution.swift` decides what a merge
/// brought in): new merges from the eventlog, parents of older commits, rows of `commit_pulls`.
extension MergeAttribution.Seed {
    /// Here rather than in `Derived/`, which then needs nothing of ingest's types.
    mutating func add(_ event: CommitEvent) {
        add(id: event.id, time: event.time, parents: event.parents, mergeText: event.mergeText)
    }
}

extension MergeAttribution {
    /// - Parameter precomputed: the seed's attribution computed elsewhere (`fromSeed`), waited
    ///   for only when the seed is exactly the events since the last run; nil when the store
    ///   must answer.
    /// - Returns: the number of commits attributed in this run.
    @discardableResult
    static func update(_ db: Database, context: ReferenceContext, seed: Seed,
                       precomputed: (() -> [PullRow]?)? = nil) throws -> Int {
        var through = Int64(try ForgeStore.meta(db, .mergesSeq) ?? "0") ?? 0
        // `#12` names a pull request of the store's repository: another forge or repository
        // means the rows are wrong, not merely stale.
        if try ForgeStore.meta(db, .mergesContext) != context.derivationKey {
            try db.execute(sql: "DELETE FROM commit_pulls WHERE via = \(ForgeLink.Via.merge.sql)")
            try ForgeStore.setMeta(db, .mergesContext, context.derivationKey)
            through = 0
        }
        let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0
        guard last > through else { return 0 }
        // The walks read parents from rows all over the eventlog while the scan streams through
        // it: with SQLite's default 2 MB page cache they evict each other and every lookup goes
        // back to the file. A larger cache for this run only (pages are allocated as used).
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -65536")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        // The lookup decodes the parents alone, off the front of the payload (`CommitPayloadReader`).
        let lookup = try db.makeStatement(sql: """
            SELECT timestamp, payload FROM eventlog WHERE type = ? AND source_id = ?
            """)
        let graph = StoredGraph(known: seed.nodes) { id in
            guard let row = try Row.fetchOne(lookup, arguments: [CommitEvent.type, StoredID.value(id)]),
                  let payload = row[1] as Data?,
                  let parents = payload.withUnsafeBytes(CommitPayloadReader.parents) else { return nil }
            return MergeAttribution.Node(time: row[0], parents: parents)
        }
        let insert = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO commit_pulls(sha, repo, number, via) VALUES (?, ?, ?, \(ForgeLink.Via.merge.sql))
            """)
        var attributed = 0
        let syntax = ReferenceSyntax(context)
        func record(_ found: Found) throws {
            for id in found.commits {
                try insert.execute(arguments: [StoredID.value(id), found.repo, found.number])
                attributed += db.changesCount
            }
        }
        func attribute(_ message: String, parents: [ObjectID]) throws {
            guard let found = try Self.attributed(message, parents: parents, syntax: syntax, context: context,
                                                  graph: graph) else { return }
            try record(found)
        }
        if seed.since == through, let rows = precomputed?() {
            // A first fill's, computed on the parser thread while this one wrote.
            var batch = try RowBatch<PullRow>(
                db, insert: "INSERT OR IGNORE INTO commit_pulls(sha, repo, number, via)",
                values: "(?, ?, ?, \(ForgeLink.Via.merge.sql))", columns: 3, size: 32) {
                try $0.bind($1, id: $2.id)
                try $0.bind($1 + 1, $2.repo)
                try $0.bind($1 + 2, Int64($2.number))
            }
            for row in rows { try batch.append(row) }
            try batch.flush()
            attributed = batch.changes
        } else if seed.since == through {
            // Exactly the events this ingest wrote: their merges are in memory.
            for merge in seed.merges { try attribute(merge.text, parents: merge.parents) }
        } else {
            // `+type` keeps the planner on the rowid range (new events only): on the (type,
            // source_id) index it would read every payload on every ingest.
            let merges = try Row.fetchCursor(db, sql: """
                SELECT timestamp, payload FROM eventlog
                WHERE seq > ? AND +type = ? AND \(CommitPayloadReader.sql(.merge))
                """, arguments: [through, CommitEvent.type])
            while let row = try merges.next() {
                guard let payload = row[1] as Data?,
                      let f = payload.withUnsafeBytes({ CommitPayloadReader.fields($0, committerTime: row[0]) }) else { continue }
                let message = CommitMessage(subject: f.subject, body: f.body)
                try attribute(message.parseText, parents: f.parents)
            }
        }
        try ForgeStore.setMeta(db, .mergesSeq, String(last))
        return attributed
    }
}
