import Foundation

/// Options for one resolver run.
public struct ResolverOptions: Sendable {
    /// Resolve at most this many references (`sync --foreground --limit N`).
    public var limit: Int?
    public init(limit: Int? = nil) { self.limit = limit }
}

/// What the resolver reports as it goes (the foreground progress bar, the daemon's log).
public struct ResolverProgress: Sendable {
    public var done: Int
    public var total: Int
    public var requests: Int
    public var message: String?
}

/// Drains the reference backlog against the forge. PLACEHOLDER: the real resolver (issue 4)
/// replaces this body; the interface is what `sync` and the detached resolver call.
public final class Resolver {
    let workspace: Workspace
    let store: ForgeStore
    let options: ResolverOptions

    public init(workspace: Workspace, store: ForgeStore, options: ResolverOptions = .init()) {
        self.workspace = workspace
        self.store = store
        self.options = options
    }

    /// Runs until the backlog is empty, `limit` is reached, `shouldStop()` turns true (SIGTERM,
    /// Ctrl-C: the run ends `interrupted` with everything so far saved) or the forge stops it.
    /// - Returns: the finished run.
    public func run(shouldStop: @escaping @Sendable () -> Bool = { false },
                    progress: @escaping (ResolverProgress) -> Void = { _ in }) throws -> ResolverRun {
        let id = try store.beginRun(total: 0)
        try store.finishRun(id, outcome: .completed, error: nil)
        return try store.latestRun()!
    }
}
