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
        if rebuild { try store.resetForgeCache() }
        guard let lock = try ResolverLock.acquire(workspace.location) else {
            return .busy(pid: ResolverLock.probe(workspace.location)?.pid)
        }
        defer { lock.release() }
        _ = try workspace.ingest(into: store)
        let run = try Resolver(workspace: workspace, store: store, options: ResolverOptions(limit: limit))
            .run(shouldStop: shouldStop, progress: progress)
        return .ran(run)
    }
}
