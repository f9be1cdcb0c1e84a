import Foundation

/// `show --fetch`, `pr --fetch`, `issue --fetch`: the references a view is about, when they are
/// pending or stale, asked now in the foreground — one batch, plus the commit's pull-request
/// association — instead of waiting for the backlog (20,000 pending ones do not make it slower).
/// Requests go through the same paced, rate-limited transport as any resolver run. When a
/// background resolver holds the lock, the references are handed to it to ask first
/// (`meta['resolver.priority']`), never asked beside it, and the wait for its answers is bounded.
public enum SurgicalFetch {
    public enum Outcome: Equatable, Sendable {
        /// Everything asked about is fetched and fresh: no request.
        case upToDate
        /// Asked in this process.
        case fetched(ResolverRun)
        /// The running background resolver answered them.
        case answeredByResolver
        /// The background resolver did not answer within the wait.
        case timedOut(pid: Int32?)
    }

    /// - Parameters:
    ///   - keys: the references to make current.
    ///   - commits: commits whose pull request the forge should be asked for, when nothing local says.
    ///   - waiting: called once, with the resolver's pid, when the work was handed to it.
    /// - Throws: `ResolverConfigError`, `ForgeDetectionError`, `StoreError`.
    public static func run(workspace: Workspace, store: ForgeStore, keys: [ForgeStore.BacklogKey], commits: [String],
                           options: ResolverOptions = .init(), wait: Duration = .seconds(30),
                           waiting: (Int32?) -> Void = { _ in }) throws -> Outcome {
        let forge = try workspace.forge.get()
        let settings = try ResolverSettings(forge: forge, config: workspace.config)
        let start = Date()
        let staleBefore = Int64(start.timeIntervalSince1970) - Int64(settings.refreshAge)
        let entries = try store.fetchableEntries(keys, host: forge.host, staleBefore: staleBefore)
        let commits = try commits.filter { try store.needsAssociation($0) }
        guard !entries.isEmpty || !commits.isEmpty else { return .upToDate }
        let ids = entries.map(\.id)
        let deadline = start.addingTimeInterval(TimeInterval(wait.components.seconds))
        var handed = false
        while true {
            if let lock = try ResolverLock.acquire(workspace.location) {
                defer { lock.release() }
                // Ours now: whatever was handed over is asked here (a waiting process finds the lock next).
                if handed { _ = try store.takePriority(host: forge.host) }
                // Asked for at a terminal: a deadline capped at an hour is not waited for.
                var explicit = options
                explicit.explicit = true
                return .fetched(try Resolver(workspace: workspace, store: store, options: explicit)
                    .fetch(entries, commits: commits))
            }
            if !handed {
                if !ids.isEmpty { try store.requestPriority(ids) }
                handed = true
                waiting(ResolverLock.probe(workspace.location)?.pid)
            }
            if !ids.isEmpty, try store.answeredSince(ids, since: Int64(start.timeIntervalSince1970), host: forge.host) {
                return .answeredByResolver
            }
            if Date() >= deadline { return .timedOut(pid: ResolverLock.probe(workspace.location)?.pid) }
            usleep(100_000)
        }
    }
}

extension SurgicalFetch {
    /// `show --fetch <rev>`: ingests first (so a commit made since the last ingest has its
    /// references in the backlog), then asks about the commit's pending or stale links, and its
    /// pull request when nothing local names one.
    public static func forCommit(_ revision: String, workspace: Workspace, store: ForgeStore,
                                 options: ResolverOptions = .init(), wait: Duration = .seconds(30),
                                 waiting: (Int32?) -> Void = { _ in }) throws -> Outcome {
        _ = try workspace.ingest(into: store)
        let context = try ShowQuery(workspace: workspace, store: store).run(revision: revision)
        let forge = workspace.referenceContext.forge
        let keys = (context.pullRequests + context.issues).map { link in
            ForgeStore.BacklogKey(repo: link.repo, kind: backlogKind(forge, pull: link.kind == .pull), number: link.number)
        }
        let attributed = context.pullRequests.contains { $0.relation == .mergedIn }
        return try run(workspace: workspace, store: store, keys: keys, commits: attributed ? [] : [context.commit.sha],
                       options: options, wait: wait, waiting: waiting)
    }

    /// `pr --fetch <n>` / `issue --fetch <n>`: the number of the store's repository, even one no
    /// commit names.
    public static func forItem(_ number: Int, pull: Bool, workspace: Workspace, store: ForgeStore,
                               options: ResolverOptions = .init(), wait: Duration = .seconds(30),
                               waiting: (Int32?) -> Void = { _ in }) throws -> Outcome {
        let context = workspace.referenceContext
        let key = ForgeStore.BacklogKey(repo: context.repo ?? "", kind: backlogKind(context.forge, pull: pull),
                                        number: number)
        return try run(workspace: workspace, store: store, keys: [key], commits: [], options: options, wait: wait,
                       waiting: waiting)
    }

    /// GitHub and Gitea/Forgejo number pull requests and issues in one sequence (`any`).
    private static func backlogKind(_ forge: ForgeType, pull: Bool) -> String {
        forge == .gitlab ? (pull ? ReferenceKind.pullRequest.rawValue : ReferenceKind.issue.rawValue)
            : ReferenceKind.any.rawValue
    }
}
