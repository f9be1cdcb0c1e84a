import Foundation

/// The background resolver as `status` reports it: whether it runs as `ResolverControl` answers
/// (the lock, asked without taking it), who from the PID file, and the `resolver_runs` table, so
/// it costs a few small reads whatever the store's size.
public struct ResolverStatus: Sendable, Equatable {
    public struct Progress: Sendable, Equatable {
        public var done: Int
        public var total: Int
        /// References resolved per minute over the current run.
        public var ratePerMin: Double
        /// nil until the rate is known.
        public var etaSeconds: Int?
    }

    public var running: Bool
    public var pid: Int32?
    public var startedAt: Date?
    /// The PID file names a process that is gone: the resolver was killed.
    public var stale: Bool
    /// nil when idle.
    public var progress: Progress?
    public var lastRun: ResolverRun?
    /// The wait the running resolver sits through now (a rate limit, a retry), if any.
    public var wait: ResolverWait?
    /// References a failure put off until later, if any.
    public var deferred: DeferredReferences?

    /// - Parameter store: nil where no store exists yet (no run to report).
    public init(location: StoreLocation, store: ForgeStore?, now: Date = Date()) throws(StoreError) {
        let control = ResolverControl(location)
        let record = control.record
        let alive = control.isRunning
        running = alive
        // The file names a process but nobody holds the lock: that resolver was killed.
        stale = record != nil && !alive
        pid = record?.pid
        startedAt = record.map { Date(timeIntervalSince1970: TimeInterval($0.startedAt)) }
        lastRun = try store?.lastFinishedRun()
        progress = nil
        if alive, let record, let run = try store?.latestRun(), run.finishedAt == nil, run.pid == record.pid {
            progress = Self.progress(of: run, now: now)
            wait = try store?.resolverWait().flatMap { $0.until > now ? $0 : nil }
        }
        deferred = try store?.deferredReferences(now: now)
    }

    static func progress(of run: ResolverRun, now: Date) -> Progress {
        let minutes = max(now.timeIntervalSince(run.startedAt), 1) / 60
        let rate = Double(run.resolved) / minutes
        let remaining = max(run.total - run.resolved, 0)
        let eta = rate > 0 ? Int((Double(remaining) / rate * 60).rounded()) : (remaining == 0 ? 0 : nil)
        return Progress(done: run.resolved, total: run.total, ratePerMin: (rate * 10).rounded() / 10, etaSeconds: eta)
    }
}
