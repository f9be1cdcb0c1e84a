import Foundation

/// A bounded hand-off between one producer thread and one consumer thread. Ingest uses two to
/// overlap reading commits, parsing them and writing SQLite while keeping memory flat.
final class BlockingQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Blocks while full. Returns false when the consumer has closed the queue (it failed).
    @discardableResult
    func push(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity, !closed { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Blocks while empty; nil once closed and drained.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, !closed { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Everything queued now, without waiting.
    func takeAll() -> [Element] {
        condition.lock()
        defer { condition.unlock() }
        let taken = items
        items = []
        condition.broadcast()
        return taken
    }

    /// No more items will come (producer) or be taken (consumer).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
