import Foundation
import HeapModule

/// Reads new commits into the eventlog and queues their references.
///
/// The walk goes newest first from every branch, remote-tracking branch and HEAD, and does not go
/// past a commit that is already stored: ingest only ever commits whole histories, so a stored
/// commit's ancestors are stored too, and a run costs O(new commits).
///
/// Two paths, one connection. An incremental run (a hook's: a few new commits) walks inside the
/// write transaction, asking the same connection which commits are stored. A whole-history run
/// (the first, or after `git fetch --unshallow`) needs no such question, so it reads on the
/// calling thread, parses on a second and writes SQLite on a third, in one transaction.
public struct Ingester {
    public typealias Result = IngestResult

    let repository: Repository
    let store: ForgeStore
    let context: ReferenceContext
    let progress: IngestProgress?

    public init(repository: Repository, store: ForgeStore, context: ReferenceContext, progress: IngestProgress? = nil) {
        self.repository = repository
        self.store = store
        self.context = context
        self.progress = progress
    }

    public func run() throws -> Result {
        let odb = try repository.objectDatabase()
        let tips = try repository.walkTips()
        let shallow = repository.isShallow
        let parser = ReferenceParser(context)
        let writer = EventWriter(context: context, shallow: shallow)
        // A store this process is creating is filled before it goes into place (`NewStore`).
        if let result = try store.fillNew({ try wholeHistory(tips: tips, odb: odb, parser: parser, writer: writer, new: true) }) {
            return result
        }
        // After `git fetch --unshallow`, older commits appear behind stored ones: walk everything
        // once, letting INSERT OR IGNORE skip what is already there.
        if try store.ingestsIncrementally(shallow: shallow) {
            return try store.ingestIncrementally(writer) { isStored in
                try ObjectDatabase.readingAsGitLog {
                    try walk(from: tips, odb: odb, emit: { batch, _ in
                        try writer.write(batch.map { CommitEvent($0, parser: parser) })
                        return true
                    }, isStored: isStored)
                }
            }
        }
        return try wholeHistory(tips: tips, odb: odb, parser: parser, writer: writer)
    }

    /// - Parameter new: the store is new (`fillNew`): a history longer than one batch then has its
    ///   backlog planned on the parser thread (`BacklogPlan`), and the writer only inserts it.
    private func wholeHistory(tips: [CommitID], odb: ObjectDatabase, parser: ReferenceParser,
                              writer: EventWriter, new: Bool = false) throws -> Result {
        // Three stages, each on its own thread once the history is longer than one batch: the
        // walk reads and inflates (here), `ParserThread` makes events, `WriterThread` writes.
        let commits = BlockingQueue<[RawCommit]>(capacity: 16)
        let events = BlockingQueue<ParsedBatch>(capacity: 16)
        let retired = BlockingQueue<ParsedBatch>(capacity: .max)
        let parsing = ParserThread(parser: parser, context: context, input: commits, output: events)
        let thread = WriterThread(store: store, writer: writer, queue: events, seed: { parsing.collector },
                                  attributed: { parsing.attributed() }, releaseSeed: { parsing.releaseSeed() },
                                  retired: retired)
        // The threads start with the first full batch: a history of a few commits (a new
        // repository) is parsed and written on this thread, without thread starts and hand-offs.
        var threaded = false
        func emit(_ batch: [RawCommit], full: Bool) -> Bool {
            if full, !threaded {
                writer.leaveSeedToCaller()
                thread.start()
                parsing.start(planning: new)
                threaded = true
            }
            if threaded {
                _ = retired.takeAll()  // freed here, on the thread with time to spare
                return commits.push(batch)
            }
            return events.push(ParsedBatch(events: batch.map { CommitEvent($0, parser: parser) }))
        }
        do {
            try ObjectDatabase.readingAsGitLog {
                try walk(from: tips, odb: odb, emit: emit) { _ in false }
            }
        } catch {
            thread.abandon()
            commits.close()
            if threaded {
                parsing.finish()
                _ = thread.finish()
            }
            throw error
        }
        commits.close()
        if threaded {
            // The parser closes `events` when it has parsed the last batch.
            parsing.finish()
            while retired.pop() != nil {}
            return try thread.finish().get()
        }
        events.close()
        return try thread.runHere().get()
    }

    private func walk(from tips: [CommitID], odb: ObjectDatabase,
                      emit: ([RawCommit], _ full: Bool) throws -> Bool, isStored: (ObjectID) throws -> Bool) throws {
        var frontier = Heap<Pending>()
        var seen = SeenCommits()
        var order = 0
        func enqueue(_ id: ObjectID, parentOf child: ObjectID? = nil) throws {
            guard seen.insert(id), !(try isStored(id)) else { return }
            guard let commit = try odb.commit(id, peelingTags: child == nil) else {
                // Past a shallow clone's boundary a parent is absent by design. Anywhere else the
                // repository is damaged, and walking on would store commits without their
                // ancestors, which the next run, incremental, would never come back for.
                if let child, !repository.isShallow, !odb.contains(id) {
                    throw MissingParentError(sha: id.hex, child: child.hex)
                }
                return
            }
            // A tip naming an annotated tag: the commit it tags is asked the same questions.
            if commit.oid != id {
                guard seen.insert(commit.oid), !(try isStored(commit.oid)) else { return }
            }
            order += 1
            frontier.insert(Pending(commit: commit, order: order))
        }
        for tip in tips { if let id = ObjectID(hex: tip) { try enqueue(id) } }
        var batch: [RawCommit] = []
        batch.reserveCapacity(256)
        var read = 0
        while let next = frontier.popMax() {
            for parent in next.commit.parentIDs { try enqueue(parent, parentOf: next.commit.oid) }
            batch.append(next.commit)
            if batch.count == 256 {
                read += 256
                progress?.update(read)
                guard try emit(batch, true) else { return }
                // A new array, not `removeAll(keepingCapacity:)`: the one just sent is still
                // read by the parser, and writing into it would copy it here anyway.
                batch = []
                batch.reserveCapacity(256)
            }
        }
        if !batch.isEmpty { _ = try emit(batch, false) }
    }

    /// Newest committer time first; ties in discovery order, so the walk is deterministic.
    private struct Pending: Comparable {
        var commit: RawCommit
        var order: Int
        static func < (a: Pending, b: Pending) -> Bool {
            a.commit.time != b.commit.time ? a.commit.time < b.commit.time : a.order > b.order
        }
        static func == (a: Pending, b: Pending) -> Bool { a.commit.oid == b.commit.oid }
    }
}
