import Foundation

/// Set by SIGTERM (and SIGINT in the foreground) so the resolver stops between requests with
/// everything so far saved, instead of dying mid-transaction.
public final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private var sources: [any DispatchSourceSignal] = []

    public init() {}

    public var isSet: Bool { lock.withLock { set } }

    public func request() { lock.withLock { set = true } }

    /// Routes `signals` to this flag (through Dispatch: a signal handler itself may do almost nothing).
    public func install(signals: [Int32]) {
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.request() }
            source.resume()
            sources.append(source)
        }
    }
}
