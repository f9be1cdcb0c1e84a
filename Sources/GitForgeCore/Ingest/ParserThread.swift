import Foundation

/// The middle of a whole-history ingest's pipeline: turns the walk's raw commits into events
/// (the message text, its references, the payload) between the walk, which reads and inflates,
/// and the writer thread, which writes SQLite. Three threads on two cores: each side takes the
/// core the other leaves idle, whichever of reading, parsing or writing a history makes heavier.
final class ParserThread: @unchecked Sendable {
    private let parser: ReferenceParser
    private let input: BlockingQueue<[RawCommit]>
    private let output: BlockingQueue<ParsedBatch>
    private let done = DispatchSemaphore(value: 0)
    /// Merge attribution's seed, collected here rather than on the writer thread, the busier one
    /// (`EventWriter.leaveSeedToCaller`). Complete once `output` is closed, whose lock orders it
    /// before the writer's read.
    private(set) var collector: MergeSeedCollector
    private let context: ReferenceContext
    /// The seed's attribution (`MergeAttribution.fromSeed`), computed after the last batch while
    /// the writer still writes; set before `attributedDone` is signalled.
    private var attribution: [MergeAttribution.PullRow]?
    private let attributedDone = DispatchSemaphore(value: 0)
    /// Signalled by the writer thread when it holds no copy of the seed any more (`releaseSeed`).
    private let seedReleased = DispatchSemaphore(value: 0)
    /// A new store's backlog, planned here (`BacklogPlan`); nil: the writer records it.
    private var plan: BacklogPlan?

    init(parser: ReferenceParser, context: ReferenceContext, input: BlockingQueue<[RawCommit]>,
         output: BlockingQueue<ParsedBatch>) {
        self.parser = parser
        self.input = input
        self.output = output
        self.context = context
        collector = MergeSeedCollector(context: context)
    }

    /// - Parameter planning: plan the backlog here, for a store whose backlog is empty.
    func start(planning: Bool = false) {
        if planning { plan = BacklogPlan(context: context) }
        let thread = Thread { [self] in
            var stopped = false
            while let batch = input.pop() {
                let events = batch.map { CommitEvent($0, parser: parser) }
                for event in events { collector.add(event) }
                var backlog: BacklogPlan.Batch?
                if plan != nil {
                    for i in events.indices {
                        plan!.record(sha: events[i].id, time: events[i].time, references: events[i].references)
                    }
                    backlog = plan!.take(last: false)
                }
                guard output.push(ParsedBatch(events: events, backlog: backlog)) else {
                    stopped = true
                    break
                }
            }
            // The last run of links, sorted.
            if !stopped, plan != nil, !output.push(ParsedBatch(events: [], backlog: plan!.take(last: true))) {
                stopped = true
            }
            plan = nil
            // The writer stops at the end of what was parsed, or has stopped (it failed): the
            // walk's next push then returns false and it stops too.
            output.close()
            input.close()
            if !stopped { attribution = MergeAttribution.fromSeed(collector.seed, context: context) }
            attributedDone.signal()
            done.signal()
            // The seed (a node and a parents array per commit since the first merge naming a pull
            // request) is freed here, once the writer is done with it: freed by the caller, it
            // was ~5 ms after the store went into place, the last thing before the command ends.
            seedReleased.wait()
            collector = MergeSeedCollector(context: context)
            attribution = nil
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    func finish() {
        done.wait()
    }

    /// The writer thread holds no copy of the seed or its attribution any more: called once,
    /// whether it succeeded or failed.
    func releaseSeed() {
        seedReleased.signal()
    }

    /// The seed's attribution, waited for (the writer's, once it needs it): nil when the store
    /// must answer. Asked at most once.
    func attributed() -> [MergeAttribution.PullRow]? {
        attributedDone.wait()
        return attribution
    }
}
