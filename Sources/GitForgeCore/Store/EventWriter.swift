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
    private var collector: MergeSeedCollector
    /// False when another thread collects the seed (`leaveSeedToCaller`).
    private var collectsSeed = true
    /// The seed collected elsewhere, handed over before `end`.
    var collectedSeed: MergeSeedCollector?
    /// Its attribution, computed where it was collected; used only by a first fill, where the
    /// seed alone answers (`MergeAttribution.fromSeed`).
    var precomputedAttribution: (() -> [MergeAttribution.PullRow]?)?
    private var since: Int64 = 0

    init(context: ReferenceContext, shallow: Bool) {
        self.context = context
        self.shallow = shallow
        collector = MergeSeedCollector(context: context)
    }

    /// A whole-history ingest collects the seed on its parser thread (~7% of the writer
    /// thread's work otherwise) and sets `collectedSeed` before the transaction ends. It then
    /// holds commits this transaction did not insert too (already stored ones, after `git fetch
    /// --unshallow`): true parents, and merges whose attribution rows are there already.
    func leaveSeedToCaller() { collectsSeed = false }

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
        since = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0
        appender = try EventlogAppender(db, type: CommitEvent.type, recordedAt: Int64(Date().timeIntervalSince1970),
                                        batched: firstFill)
        recorder = try ReferenceRecorder(db, context: context)
    }

    /// - Parameter planned: the batch's backlog rows and links as a `BacklogPlan` worked them out
    ///   (a new store's first fill, planned on the parser thread); nil: recorded here.
    func write(_ batch: [CommitEvent], planned: BacklogPlan.Batch? = nil) throws {
        guard appender != nil, let recorder else { preconditionFailure("write before begin") }
        // By index, not `for event in batch`: that copied each event, a retain and a release of
        // each of its arrays and strings, on the busiest thread.
        for i in batch.indices {
            guard try appender!.append(sourceID: batch[i].id, timestamp: batch[i].time, payload: batch[i].payload) else { continue }
            added += 1
            if planned == nil {
                newRefs += try recorder.record(sha: batch[i].id, time: batch[i].time, references: batch[i].references)
            }
            if collectsSeed { collector.add(batch[i]) }
        }
        if let planned {
            try recorder.insert(planned)
            newRefs += planned.created
        }
    }

    /// `begin`, then `body` (which calls `write` per batch), then `end`.
    func fill(_ db: Database, bulk: Bool, _ body: () throws -> Void) throws -> IngestResult {
        try begin(db, bulk: bulk)
        try body()
        return try end(db)
    }

    private func end(_ db: Database) throws -> IngestResult {
        try appender?.finish()
        try recorder?.finish()
        if firstFill {
            try ForgeStore.createEventlogSourceIndex(db)
            try DerivedTables.create(db)
        }
        let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0
        try ForgeStore.setMeta(db, .derivedSeq, String(last))
        try ForgeStore.setMeta(db, .ingestShallow, shallow ? "1" : "0")
        var seed = (collectsSeed ? collector : collectedSeed)?.seed ?? MergeAttribution.Seed()
        seed.since = since
        try MergeAttribution.update(db, context: context, seed: seed,
                                    precomputed: firstFill && !collectsSeed ? precomputedAttribution : nil)
        let commits = try ForgeStore.addToCommitCount(db, added)
        appender = nil
        recorder = nil
        return IngestResult(commits: commits, newCommits: added, newRefs: newRefs)
    }
}

/// Keeps the commits merge attribution needs (`MergeAttribution.Seed`) as events go by.
///
/// Attribution walks from a merge naming a pull request to its ancestors, which the newest-first
/// walk yields after it; commits before the first such merge are not kept (a linear history's
/// million would cost hundreds of MB), and the rare one a skewed clock puts earlier is looked up
/// in the store, as older commits are.
struct MergeSeedCollector {
    private(set) var seed = MergeAttribution.Seed()
    private var keepingNodes = false
    private let syntax: ReferenceSyntax

    init(context: ReferenceContext) {
        syntax = ReferenceSyntax(context)
    }

    mutating func add(_ event: CommitEvent) {
        if !keepingNodes, let text = event.mergeText, MergeSubjectMatcher.match(in: text, syntax: syntax) != nil {
            keepingNodes = true
        }
        if keepingNodes { seed.add(event) }
    }
}
