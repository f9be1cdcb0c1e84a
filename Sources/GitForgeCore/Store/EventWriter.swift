import Foundation
import GRDB

/// Appends commit events and their derived rows inside the caller's write transaction
/// (`ForgeStore+Ingest`): `fill` begins, its body calls `write` per batch, and it ends.
final class EventWriter {
    private let context: ReferenceContext
    private let shallow: Bool
    private var appender: EventlogAppender?
    private var recorder: ReferenceRecorder?
    private var firstFill = false
    private var added = 0
    private var newRefs = 0
    /// What merge attribution would otherwise read back from the payloads just written.
    private var seed = MergeAttribution.Seed()
    /// Whether a merge naming a pull request has been written: only from then on are commits
    /// kept in `seed` (see `write`).
    private var keepingNodes = false
    private let syntax: ReferenceSyntax

    init(context: ReferenceContext, shallow: Bool) {
        self.context = context
        self.shallow = shallow
        syntax = ReferenceSyntax(context)
    }

    private func begin(_ db: Database, bulk: Bool) throws {
        _ = try ForgeStore.syncDerived(db, context: context)
        // A first ingest fills empty derived tables: their secondary indexes are built once at
        // the end (a sort) rather than entry by entry, in the same transaction.
        firstFill = try bulk && !ForgeStore.hasEvents(db, type: CommitEvent.type)
        if firstFill {
            try DerivedTables.dropSecondaryIndexes(db)
            // The eventlog's unique index too: source ids are hashes, so each insert went to a
            // random page of it. The walk never yields a commit twice (its seen-set), so the
            // index, built by one sort at the end, finds no duplicate.
            try ForgeStore.dropEventlogSourceIndex(db)
        }
        seed = MergeAttribution.Seed(since: try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0)
        appender = try EventlogAppender(db, type: CommitEvent.type, recordedAt: Int64(Date().timeIntervalSince1970))
        recorder = try ReferenceRecorder(db, context: context)
    }

    func write(_ batch: [CommitEvent]) throws {
        guard let appender, let recorder else { preconditionFailure("write before begin") }
        for event in batch {
            guard try appender.append(sourceID: event.id, timestamp: event.time, payload: event.payload) else { continue }
            added += 1
            newRefs += try recorder.record(sha: event.id, time: event.time, references: event.references)
            // Attribution walks from a merge naming a pull request to its ancestors, which the
            // newest-first walk writes after it; commits before the first such merge are not
            // kept (a linear history's million would cost hundreds of MB), and the rare one a
            // skewed clock puts earlier is looked up in the store, as older commits are.
            if !keepingNodes, let text = event.mergeText, MergeSubjectMatcher.match(in: text, syntax: syntax) != nil {
                keepingNodes = true
            }
            if keepingNodes { seed.add(event) }
        }
    }

    /// `begin`, then `body` (which calls `write` per batch), then `end`.
    func fill(_ db: Database, bulk: Bool, _ body: () throws -> Void) throws -> IngestResult {
        try begin(db, bulk: bulk)
        try body()
        return try end(db)
    }

    private func end(_ db: Database) throws -> IngestResult {
        if firstFill {
            try ForgeStore.createEventlogSourceIndex(db)
            try DerivedTables.create(db)
        }
        let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0
        try ForgeStore.setMeta(db, .derivedSeq, String(last))
        try ForgeStore.setMeta(db, .ingestShallow, shallow ? "1" : "0")
        try MergeAttribution.update(db, context: context, seed: seed)
        let commits = try ForgeStore.addToCommitCount(db, added)
        appender = nil
        recorder = nil
        return IngestResult(commits: commits, newCommits: added, newRefs: newRefs)
    }
}
