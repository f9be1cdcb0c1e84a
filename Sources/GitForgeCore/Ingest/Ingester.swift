import Foundation
import GRDB
import HeapModule

/// Reads new commits into the eventlog and queues their references.
///
/// The walk goes newest first from every branch, remote-tracking branch and HEAD, and does not go
/// past a commit that is already stored: ingest only ever commits whole histories, so a stored
/// commit's ancestors are stored too, and a run costs O(new commits). Reading and parsing run on
/// the calling thread while a second thread writes SQLite, in one transaction.
public struct Ingester {
    public struct Result: Sendable, Equatable {
        /// Commits in the store after this run.
        public var commits: Int
        public var newCommits: Int
        /// New rows in the reference backlog.
        public var newRefs: Int
    }

    let repository: Repository
    let store: ForgeStore
    let context: ReferenceContext

    public init(repository: Repository, store: ForgeStore, context: ReferenceContext) {
        self.repository = repository
        self.store = store
        self.context = context
    }

    public func run() throws -> Result {
        let odb = try repository.objectDatabase()
        let tips = try repository.walkTips()
        let shallow = repository.isShallow
        let parser = ReferenceParser(context)
        let queue = BlockingQueue<[CommitEvent]>(capacity: 16)
        let writer = WriterThread(store: store, context: context, queue: queue, shallow: shallow)
        writer.start()
        do {
            try store.read { db in
                let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM eventlog WHERE type = ?",
                                              arguments: [CommitEvent.type]) ?? 0
                // After `git fetch --unshallow`, older commits appear behind stored ones: walk
                // everything once, letting INSERT OR IGNORE skip what is already there.
                let wasShallow = try ForgeStore.meta(db, "ingest.shallow") == "1"
                let lookup = stored > 0 && !(wasShallow && !shallow)
                    ? try db.makeStatement(sql: "SELECT 1 FROM eventlog WHERE type = 'git.commit' AND source_id = ?")
                    : nil
                try walk(from: tips, odb: odb, parser: parser, queue: queue) { sha in
                    guard let lookup else { return false }
                    return try Bool.fetchOne(lookup, arguments: [sha]) ?? false
                }
            }
        } catch {
            queue.close()
            _ = writer.finish()
            throw error
        }
        queue.close()
        return try writer.finish().get()
    }

    private func walk(from tips: [CommitID], odb: ObjectDatabase, parser: ReferenceParser,
                      queue: BlockingQueue<[CommitEvent]>, isStored: (String) throws -> Bool) throws {
        var frontier = Heap<Pending>()
        var seen = Set<String>()
        var order = 0
        func enqueue(_ sha: String) throws {
            guard seen.insert(sha).inserted, !(try isStored(sha)), let commit = try odb.commit(sha) else { return }
            order += 1
            frontier.insert(Pending(commit: commit, order: order))
        }
        for tip in tips { try enqueue(tip) }
        var batch: [CommitEvent] = []
        batch.reserveCapacity(256)
        while let next = frontier.popMax() {
            for parent in next.commit.parents { try enqueue(parent) }
            batch.append(CommitEvent(next.commit, parser: parser))
            if batch.count == 256 {
                guard queue.push(batch) else { return }
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { queue.push(batch) }
    }

    /// Newest committer time first; ties in discovery order, so the walk is deterministic.
    private struct Pending: Comparable {
        var commit: RawCommit
        var order: Int
        static func < (a: Pending, b: Pending) -> Bool {
            a.commit.committer.time != b.commit.committer.time
                ? a.commit.committer.time < b.commit.committer.time : a.order > b.order
        }
        static func == (a: Pending, b: Pending) -> Bool { a.commit.id == b.commit.id }
    }
}
