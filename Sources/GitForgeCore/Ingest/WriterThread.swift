import Foundation
import GRDB

/// The consumer side of ingest: one write transaction that appends events and their derived rows,
/// on its own thread for a large ingest (`start`/`finish`) or on the caller's for a small one.
final class WriterThread: @unchecked Sendable {
    private let store: ForgeStore
    private let context: ReferenceContext
    private let queue: BlockingQueue<[CommitEvent]>
    private let shallow: Bool
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Ingester.Result, any Error> = .failure(CancellationError())

    init(store: ForgeStore, context: ReferenceContext, queue: BlockingQueue<[CommitEvent]>, shallow: Bool) {
        self.store = store
        self.context = context
        self.queue = queue
        self.shallow = shallow
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
        _ = try ForgeStore.syncDerived(db, context: context)
        // A first ingest fills empty derived tables: their secondary indexes are built once at
        // the end (a sort) rather than entry by entry, in the same transaction.
        let firstFill = try bulk && !ForgeStore.hasEvents(db, type: CommitEvent.type)
        if firstFill { try DerivedTables.dropSecondaryIndexes(db) }
        let appender = try EventlogAppender(db, type: CommitEvent.type, recordedAt: Int64(Date().timeIntervalSince1970))
        let recorder = try ReferenceRecorder(db, context: context)
        var added = 0
        var newRefs = 0
        while let batch = queue.pop() {
            for event in batch {
                guard try appender.append(sourceID: event.sha, timestamp: event.time, payload: event.payload) else { continue }
                added += 1
                newRefs += try recorder.record(sha: event.sha, time: event.time, references: event.references)
            }
        }
        if firstFill { try DerivedTables.create(db) }
        let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0
        try ForgeStore.setMeta(db, "derived.seq", String(last))
        try ForgeStore.setMeta(db, "ingest.shallow", shallow ? "1" : "0")
        try MergeAttribution.update(db, context: context)
        let commits = try ForgeStore.addToCommitCount(db, added)
        return Ingester.Result(commits: commits, newCommits: added, newRefs: newRefs)
    }
}
