import Foundation

/// The background resolver's life: take the lock or leave, drain the backlog, pick up what was
/// queued meanwhile, give the lock back, and check once more after giving it back.
///
/// The last check closes the race with a hook that queued references while we held the lock: it
/// committed its ingest *before* it failed to take the lock, and we look again *after* unlocking,
/// so either it got the lock or we see its references.
public final class ResolverDaemon {
    let workspace: Workspace
    let store: ForgeStore
    let log: ResolverLog
    let stop: StopFlag

    public init(workspace: Workspace, store: ForgeStore, log: ResolverLog, stop: StopFlag) {
        self.workspace = workspace
        self.store = store
        self.log = log
        self.stop = stop
    }

    /// - Parameter always: run once even with nothing pending (`sync`, `install`: the resolver
    ///   may have cached items to refresh), and ask the forge even while a `TokenWait` holds.
    public func run(always: Bool) throws {
        var force = always
        while true {
            var seen = try store.backlogMark()
            guard force || seen.pending > 0 else { return }
            guard let lock = try ResolverLock.acquire(workspace.location) else {
                let holder = ResolverLock.probe(workspace.location).map { " (PID \($0.pid))" } ?? ""
                log.write("a resolver is already running\(holder); it picks up new references")
                return
            }
            log.write("resolver started: \(seen.pending) reference\(seen.pending == 1 ? "" : "s") pending")
            var finishedCleanly = true
            while true {
                let run: ResolverRun
                do {
                    run = try resolveOnce(waitForToken: !always)
                } catch let waiting as ResolverWaitingForToken {
                    log.write(waiting.description)
                    finishedCleanly = false
                    break
                }
                if stop.isSet || run.outcome != .completed { finishedCleanly = false; break }
                let now = try store.backlogMark()
                guard now.lastRefID != seen.lastRefID, now.pending > 0 else { break }
                log.write("\(now.pending) reference\(now.pending == 1 ? "" : "s") queued meanwhile")
                seen = now
            }
            // Logged while still holding the lock, so the log shows runs strictly one after another.
            log.write(stop.isSet ? "resolver stopped (SIGTERM); progress is saved" : "resolver exiting")
            lock.release()
            guard finishedCleanly else { return }
            let after = try store.backlogMark()
            guard after.lastRefID != seen.lastRefID, after.pending > 0 else { return }
            force = false
        }
    }

    /// - Parameter waitForToken: honour a saved `TokenWait` (a hook's resolver, not `sync`'s).
    private func resolveOnce(waitForToken: Bool) throws -> ResolverRun {
        var options = ResolverOptions()
        options.waitForToken = waitForToken
        // `sync` and `install` (not a hook) asked for this run: deferred references are asked now.
        options.explicit = !waitForToken
        let resolver = Resolver(workspace: workspace, store: store, options: options)
        let stop = self.stop
        let run = try resolver.run(shouldStop: { stop.isSet }, progress: log.progressLogger())
        log.finished(run)
        return run
    }
}

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
