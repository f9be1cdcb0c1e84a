/// `git forge sync --foreground` and `--rebuild`: ingest what is new, then resolve in this process
/// under the resolver lock. Kept in the core so the CLI file only parses and renders.
public enum ForegroundSync {
    public enum Result {
        case ran(ResolverRun)
        /// A background resolver holds the lock; nothing was resolved here.
        case busy(pid: Int32?)
    }

    /// - Parameters:
    ///   - rebuild: forget the forge cache first (`sync --rebuild`): every reference and commit
    ///     association is fetched again; the eventlog is untouched. Done even when a background
    ///     resolver is running, which then refetches them itself.
    /// - Throws: workspace, store and configuration errors, with messages for the user.
    public static func run(workspace: Workspace, limit: Int?, rebuild: Bool,
                           shouldStop: @escaping @Sendable () -> Bool,
                           progress: @escaping (ResolverProgress) -> Void) throws -> Result {
        let store = try workspace.openStore()
        // In resolver.log like every other run, so `sync --log` tells the whole story.
        let log = ResolverLog(path: workspace.location.log)
        let command = rebuild ? "sync --rebuild" : "sync --foreground"
        if rebuild {
            try store.resetForgeCache()
            log.write("\(command): forge cache cleared; every reference is fetched again")
        }
        guard let lock = try ResolverLock.acquire(workspace.location) else {
            let pid = ResolverLock.probe(workspace.location)?.pid
            log.write("\(command): a resolver is already running\(pid.map { " (PID \($0))" } ?? ""); it picks up the work")
            return .busy(pid: pid)
        }
        defer { lock.release() }
        _ = try workspace.ingest(into: store)
        let pending = try store.backlogMark().pending
        log.write("\(command): started in this terminal: \(pending) reference\(pending == 1 ? "" : "s") pending")
        var options = ResolverOptions(limit: limit)
        options.explicit = true
        let logProgress = log.progressLogger()
        let run: ResolverRun
        do {
            run = try Resolver(workspace: workspace, store: store, options: options)
                .run(shouldStop: shouldStop, progress: { logProgress($0); progress($0) })
        } catch {
            log.write("\(command): error: \(error)")
            throw error
        }
        log.finished(run)
        log.write("\(command): finished")
        return .ran(run)
    }
}
