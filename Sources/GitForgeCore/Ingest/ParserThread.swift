import Foundation

/// The middle of a whole-history ingest's pipeline: turns the walk's raw commits into events
/// (the message text, its references, the payload) between the walk, which reads and inflates,
/// and the writer thread, which writes SQLite. Three threads on two cores: each side takes the
/// core the other leaves idle, whichever of reading, parsing or writing a history makes heavier.
final class ParserThread: @unchecked Sendable {
    private let parser: ReferenceParser
    private let input: BlockingQueue<[RawCommit]>
    private let output: BlockingQueue<[CommitEvent]>
    private let done = DispatchSemaphore(value: 0)
    /// Merge attribution's seed, collected here rather than on the writer thread, the busier one
    /// (`EventWriter.leaveSeedToCaller`). Complete once `output` is closed, whose lock orders it
    /// before the writer's read.
    private(set) var collector: MergeSeedCollector

    init(parser: ReferenceParser, context: ReferenceContext, input: BlockingQueue<[RawCommit]>,
         output: BlockingQueue<[CommitEvent]>) {
        self.parser = parser
        self.input = input
        self.output = output
        collector = MergeSeedCollector(context: context)
    }

    func start() {
        let thread = Thread { [self] in
            while let batch = input.pop() {
                let events = batch.map { CommitEvent($0, parser: parser) }
                for event in events { collector.add(event) }
                guard output.push(events) else { break }
            }
            // The writer stops at the end of what was parsed, or has stopped (it failed): the
            // walk's next push then returns false and it stops too.
            output.close()
            input.close()
            done.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    func finish() {
        done.wait()
    }
}
