import Foundation

/// Options for one resolver run. The defaults are production's; tests shorten the waits.
public struct ResolverOptions: Sendable {
    /// Resolve at most this many references and commits (`sync --foreground --limit N`).
    public var limit: Int?
    /// Longest wait (rate limit, backoff) a run sits through; a longer one ends it `rateLimited`
    /// with the deadline saved, and the next run (hook or `sync`) picks up from there.
    public var maxWait: Duration = .seconds(300)
    /// First backoff after a 5xx or network error; doubles per retry, with jitter, capped at 60 s.
    public var retryBase: Duration = .seconds(1)
    /// Retries of one request before the run gives up on the forge for now.
    public var maxRetries = 4
    /// Failed runs a reference survives before it is marked `failed`.
    public var maxAttempts = 5
    /// Wait after a secondary rate limit that names no time (GitHub: at least a minute).
    public var secondaryLimitWait: Duration = .seconds(60)
    /// Where tokens are looked up; nil means the process environment.
    public var environment: [String: String]?
    /// False skips `git credential fill` (tests).
    public var useCredentialHelper = true
    /// The HTTP client; nil means libcurl.
    public var http: (any HTTPClient)?
    /// Ask the forge which pull request unattributed commits belong to (issue 6b).
    public var associateCommits = true
    /// Honour a saved `TokenWait` (hooks' resolvers); `sync` and `install` ask at once.
    public var waitForToken = false
    /// A run the user asked for (`sync`, foreground or background; not a hook's): deferred
    /// references are asked now, and a saved deadline the forge set beyond the longest one
    /// (capped) is not waited for.
    public var explicit = false

    public init(limit: Int? = nil) { self.limit = limit }
}

/// What the resolver reports as it goes (the foreground progress bar, the daemon's log). `done`
/// and `total` count references, as `status` and the run's `resolved` do.
public struct ResolverProgress: Sendable {
    public var done: Int
    public var total: Int
    public var requests: Int
    /// Where a page walk is ("reading the GitHub issue list: page 3 of about 12").
    public var message: String?
    /// Cached open items read again, and commits asked which pull request they belong to.
    public var refreshed = 0
    public var associated = 0
    /// The wait the run sits through now, if any.
    public var wait: ResolverWait?
}

/// Drains the reference backlog against the forge, then asks the forge about commits no pull
/// request is known for. Sequential and paced (see `ForgeTransport`); every response is committed
/// with the run's progress before the next request, so a kill loses at most the request in flight.
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
    /// - Throws: `ResolverConfigError` for unusable settings (recorded as a failed run first);
    ///   `ResolverWaitingForToken` (no run) when `options.waitForToken` and a saved wait applies;
    ///   `StoreError` when the store cannot be written.
    public func run(shouldStop: @escaping @Sendable () -> Bool = { false },
                    progress: @escaping (ResolverProgress) -> Void = { _ in }) throws -> ResolverRun {
        try run(shouldStop: shouldStop, progress: progress) { $0.drain() }
    }

    /// `--fetch`: asks the forge about `commits` (their pull requests) and `entries` only, now.
    /// The caller holds the resolver lock. - Returns, - Throws: as `run`.
    public func fetch(_ entries: [BacklogEntry], commits: [String]) throws -> ResolverRun {
        try run(shouldStop: { false }, progress: { _ in }) { $0.fetchOnly(entries, commits: commits) }
    }

    private func run(shouldStop: @escaping @Sendable () -> Bool, progress: @escaping (ResolverProgress) -> Void,
                     work: (ResolverSession) -> (ResolverRun.Outcome, String?)) throws -> ResolverRun {
        let settings: ResolverSettings
        do {
            let forge = try workspace.forge.get()
            settings = try ResolverSettings(forge: forge, config: workspace.config)
        } catch {
            let failure = (error as? ResolverConfigError) ?? .noForge(String(describing: error))
            try store.finishRun(try store.beginRun(total: 0), outcome: .failed, error: failure.description)
            throw failure
        }
        // Bound to the forge's host, and none at all when forge.apiUrl points elsewhere.
        let token = TokenBinding.decide(for: settings.forge, apiURL: settings.endpoint.apiURL,
                                        environment: options.environment,
                                        credentialHelper: options.useCredentialHelper).token
        if options.waitForToken, let wait = try store.tokenWait(), wait.applies(to: token?.source) {
            throw ResolverWaitingForToken(wait: wait)
        }
        let runID = try store.beginRun(total: 0)
        let session = try ResolverSession(settings: settings, store: store, options: options, token: token, runID: runID,
                                          shouldStop: shouldStop, progress: progress)
        let (outcome, error) = work(session)
        try store.finishRun(runID, outcome: outcome, error: error)
        guard let run = try store.latestRun() else { throw StoreError.database("the resolver run vanished") }
        return run
    }
}
