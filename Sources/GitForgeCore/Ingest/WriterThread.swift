import Foundation
import GRDB

/// The consumer side of ingest: one write transaction that appends events and their derived rows.
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
            result = Result { try store.write { db in try self.drain(db) } }
            queue.close()
            done.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    func finish() -> Result<Ingester.Result, any Error> {
        done.wait()
        return result
    }

    private func drain(_ db: Database) throws -> Ingester.Result {
        _ = try ForgeStore.syncDerived(db, context: context)
        let insert = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO eventlog(type, source_id, timestamp, recorded_at, payload) VALUES (?, ?, ?, ?, ?)
            """)
        let recorder = try ReferenceRecorder(db, context: context)
        let now = Int64(Date().timeIntervalSince1970)
        var added = 0
        var newRefs = 0
        while let batch = queue.pop() {
            for event in batch {
                try insert.execute(arguments: [CommitEvent.type, event.sha, event.time, now, event.payload])
                guard db.changesCount > 0 else { continue }
                added += 1
                newRefs += try recorder.record(sha: event.sha, time: event.time, references: event.references)
            }
        }
        let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0
        try ForgeStore.setMeta(db, "derived.seq", String(last))
        try ForgeStore.setMeta(db, "ingest.shallow", shallow ? "1" : "0")
        try MergeAttribution.update(db, context: context)
        let commits = try ForgeStore.addToCommitCount(db, added)
        return Ingester.Result(commits: commits, newCommits: added, newRefs: newRefs)
    }
}
