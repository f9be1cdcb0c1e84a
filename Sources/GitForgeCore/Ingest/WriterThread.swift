import Foundation
import GRDB

/// The consumer side of a whole-history ingest: one write transaction, on its own thread
/// (`start`/`finish`) fed through the queue, or on the caller's for a short history.
final class WriterThread: @unchecked Sendable {
    private let store: ForgeStore
    private let writer: EventWriter
    private let queue: BlockingQueue<[CommitEvent]>
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Ingester.Result, any Error> = .failure(CancellationError())

    init(store: ForgeStore, writer: EventWriter, queue: BlockingQueue<[CommitEvent]>) {
        self.store = store
        self.writer = writer
        self.queue = queue
    }

    func start() {
        let thread = Thread { [self] in
            result = Result { try store.bulkWrite { db in try self.drain(db, bulk: true) } }
            queue.close()
            done.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// Writes what the closed queue holds on the calling thread, in an ordinary transaction.
    func runHere() -> Result<Ingester.Result, any Error> {
        Result { try store.write { db in try self.drain(db, bulk: false) } }
    }

    func finish() -> Result<Ingester.Result, any Error> {
        done.wait()
        return result
    }

    private func drain(_ db: Database, bulk: Bool) throws -> Ingester.Result {
        try writer.begin(db, bulk: bulk)
        while let batch = queue.pop() { try writer.write(batch) }
        return try writer.end(db)
    }
}

/// Appends commit events and their derived rows inside the caller's write transaction:
/// `begin`, `write` per batch, `end`.
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

    init(context: ReferenceContext, shallow: Bool) {
        self.context = context
        self.shallow = shallow
    }

    func begin(_ db: Database, bulk: Bool) throws {
        _ = try ForgeStore.syncDerived(db, context: context)
        // A first ingest fills empty derived tables: their secondary indexes are built once at
        // the end (a sort) rather than entry by entry, in the same transaction.
        firstFill = try bulk && !ForgeStore.hasEvents(db, type: CommitEvent.type)
        if firstFill { try DerivedTables.dropSecondaryIndexes(db) }
        seed = MergeAttribution.Seed(since: try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0)
        appender = try EventlogAppender(db, type: CommitEvent.type, recordedAt: Int64(Date().timeIntervalSince1970))
        recorder = try ReferenceRecorder(db, context: context)
    }

    func write(_ batch: [CommitEvent]) throws {
        guard let appender, let recorder else { preconditionFailure("write before begin") }
        for event in batch {
            guard try appender.append(sourceID: event.sha, timestamp: event.time, payload: event.payload) else { continue }
            added += 1
            newRefs += try recorder.record(sha: event.sha, time: event.time, references: event.references)
            seed.add(event)
        }
    }

    func end(_ db: Database) throws -> Ingester.Result {
        if firstFill { try DerivedTables.create(db) }
        let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0
        try ForgeStore.setMeta(db, "derived.seq", String(last))
        try ForgeStore.setMeta(db, "ingest.shallow", shallow ? "1" : "0")
        try MergeAttribution.update(db, context: context, seed: seed)
        let commits = try ForgeStore.addToCommitCount(db, added)
        appender = nil
        recorder = nil
        return Ingester.Result(commits: commits, newCommits: added, newRefs: newRefs)
    }
}
