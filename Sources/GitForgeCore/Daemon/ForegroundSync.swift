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
        // Before anything reads a token: a long foreground run holds it as long as a detached one.
        CoreDumps.disable()
        let store = try workspace.openStore()
        // In resolver.log like every other run, so `sync --log` tells the whole story.
        let log = ResolverLog(path: workspace.location.log)
        let command = rebuild ? "sync --rebuild" : "sync --foreground"
        if rebuild {
            try store.resetForgeCache()
            log.write("\(command): forge cache cleared; every reference is fetched again")
        }
        let outcome = try ResolverControl(workspace.location)
            .resolve(workspace, store: store, log: log, as: .terminal(command: command, limit: limit),
                     shouldStop: shouldStop, progress: progress)
        switch outcome {
        case let .busy(pid): return .busy(pid: pid)
        case let .ran(run?): return .ran(run)
        case .ran(nil): preconditionFailure("a terminal run always runs once")
        }
    }
}
