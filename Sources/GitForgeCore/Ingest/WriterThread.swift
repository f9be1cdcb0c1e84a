import Foundation

/// The consumer side of a whole-history ingest: one write transaction, on its own thread
/// (`start`/`finish`) fed through the queue, or on the caller's for a short history.
final class WriterThread: @unchecked Sendable {
    private let store: ForgeStore
    private let writer: EventWriter
    private let queue: BlockingQueue<ParsedBatch>
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<IngestResult, any Error> = .failure(CancellationError())
    /// Set by the walk when it failed, before it closes the queue (whose lock orders the two).
    private var abandoned = false
    /// Where the seed comes from when another thread collects it (`EventWriter.leaveSeedToCaller`).
    private let seed: (() -> MergeSeedCollector)?
    /// The seed's attribution computed on that thread (`ParserThread.attributed`).
    private let attributed: (() -> [MergeAttribution.PullRow]?)?
    /// Tells that thread this one holds no copy of the seed any more (`ParserThread.releaseSeed`).
    private let releaseSeed: (() -> Void)?
    /// Where written batches go to be freed by another thread (`Ingester`): freeing each event's
    /// arrays was ~3% of this, the busiest, thread. Closed when this thread ends.
    private let retired: BlockingQueue<ParsedBatch>?

    init(store: ForgeStore, writer: EventWriter, queue: BlockingQueue<ParsedBatch>,
         seed: (() -> MergeSeedCollector)? = nil, attributed: (() -> [MergeAttribution.PullRow]?)? = nil,
         releaseSeed: (() -> Void)? = nil, retired: BlockingQueue<ParsedBatch>? = nil) {
        self.retired = retired
        self.store = store
        self.writer = writer
        self.queue = queue
        self.seed = seed
        self.attributed = attributed
        self.releaseSeed = releaseSeed
    }

    func start() {
        let thread = Thread { [self] in
            result = Result { try self.drain(bulk: true) }
            queue.close()
            writer.collectedSeed = nil
            writer.precomputedAttribution = nil
            releaseSeed?()
            retired?.close()
            done.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// Writes what the closed queue holds on the calling thread, in an ordinary transaction.
    func runHere() -> Result<IngestResult, any Error> {
        Result { try drain(bulk: false) }
    }

    func finish() -> Result<IngestResult, any Error> {
        done.wait()
        return result
    }

    /// The walk failed: the transaction is rolled back, not committed with the batches already
    /// written. Those would be the newest commits without their ancestors, and the next run,
    /// incremental, would stop at them and never read the rest.
    func abandon() {
        abandoned = true
        queue.close()
    }

    private func drain(bulk: Bool) throws(StoreError) -> IngestResult {
        try store.ingestWholeHistory(writer, bulk: bulk) {
            while let batch = queue.pop() {
                try writer.write(batch.events, planned: batch.backlog)
                if bulk { retired?.push(batch) }
            }
            if abandoned { throw CancellationError() }
            if bulk, let seed {
                writer.collectedSeed = seed()
                writer.precomputedAttribution = attributed
            }
        }
    }
}
