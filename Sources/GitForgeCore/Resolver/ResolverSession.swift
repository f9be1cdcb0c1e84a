import Foundation

/// One run's state: the client, the transport and the counters written with every response.
///
/// Counts are in references, whatever asked for them: `resolved` is references the forge answered
/// from the backlog (the run's `resolved`, the progress bar, `status`), `total` the backlog they
/// came from. Refreshes of cached items and commits asked about are counted apart.
final class ResolverSession {
    private let settings: ResolverSettings
    private let store: ForgeStore
    private let options: ResolverOptions
    private let runID: Int64
    private let shouldStop: @Sendable () -> Bool
    private let progress: (ResolverProgress) -> Void
    private let client: any ForgeClient
    /// Where the token came from (nil: none), saved with a `TokenWait`.
    private let tokenSource: String?
    let transport: ForgeTransport
    private(set) var resolved = 0
    private(set) var total = 0
    private(set) var refreshed = 0
    private(set) var associated = 0
    /// References and commits asked about, against `options.limit`.
    private var spent = 0
    private var wait: ResolverWait?
    private var walkMessage: String?
    /// Entries and commits already tried in this run: never asked twice in one run, whatever the forge said.
    private var attempted = Set<Int64>()
    private var attemptedCommits = Set<String>()
    /// A reference the forge gave no answer for is tried again this much later.
    static let retryLater: TimeInterval = 600

    init(settings: ResolverSettings, store: ForgeStore, options: ResolverOptions, token: ForgeToken?, runID: Int64,
         shouldStop: @escaping @Sendable () -> Bool, progress: @escaping (ResolverProgress) -> Void) throws(StoreError) {
        self.settings = settings
        self.store = store
        self.options = options
        self.tokenSource = token?.source
        self.runID = runID
        self.shouldStop = shouldStop
        self.progress = progress
        client = ForgeClientFactory.make(settings, hasToken: token != nil)
        let http = options.http ?? CurlHTTPClient(version: GitForgeVersion.current, configuration: .init(
            proxy: settings.httpProxy, caInfo: settings.caInfo))
        let policy = ForgeTransport.Policy(pace: settings.pace, maxWait: options.maxWait, retryBase: options.retryBase,
                                           maxRetries: options.maxRetries, secondaryWait: options.secondaryLimitWait)
        let saved = try store.resolverNotBefore()
        transport = ForgeTransport(
            http: http, apiURL: settings.endpoint.apiURL, credential: token?.header(for: settings.forge.type),
            credentialSource: token?.source,
            headers: ForgeClientFactory.headers(settings.forge.type), policy: policy,
            notBefore: Self.deadline(saved, longest: policy.longestDeadline, explicit: options.explicit),
            shouldStop: shouldStop,
            saveDeadline: { [store] in try? store.setResolverNotBefore($0, capped: $1) },
            waiting: { _ in })
        transport.waiting = { [unowned self] in self.waitChanged($0) }
        transport.walkJournal = PageWalkJournal(
            position: { [store] in try store.walkPosition($0) },
            setPosition: { [store] in try store.setWalkPosition($0, page: $1) },
            cache: { [store, host = settings.forge.host] in try store.cache($0, host: host, repo: $1) },
            progress: { [unowned self] in
                walkMessage = $0
                report()
            })
    }

    /// The saved deadline a run honours. One further than the longest a forge answer can set (an
    /// older version saved it) is brought back to that; an explicit `sync` ignores it, and one
    /// that was capped, rather than wait an hour on a value the forge did not mean.
    static func deadline(_ saved: (date: Date, capped: Bool), longest: TimeInterval, explicit: Bool, now: Date = Date()) -> Date {
        // A minute's slack: a quota reset an hour away is saved a second after it.
        let beyond = !(saved.date.timeIntervalSince(now) <= longest + 60)
        if explicit, saved.capped || beyond { return .distantPast }
        return beyond ? now.addingTimeInterval(longest) : saved.date
    }

    private var host: String { settings.forge.host }
    private var remaining: Int { options.limit.map { $0 - spent } ?? Int.max }
    /// An explicit sync asks deferred references now; a hook's run leaves them their back-off.
    private var backlogNow: Date { options.explicit ? .distantFuture : Date() }

    /// Resolves until there is nothing left to ask, then reports how the run ended.
    func drain() -> (ResolverRun.Outcome, String?) {
        run {
            try store.settleFromCache(host: host)
            try store.settleFromShared(host: host, freshAfter: refreshCutoff)
            total = min(try store.readyBacklogCount(now: backlogNow), remaining)
            try store.updateRun(runID, total: total, resolved: 0, requests: 0)
            repeat {
                while try resolveSome(try nextBacklog(), refreshing: false) {}
                while try resolveSome(try nextRefresh(), refreshing: true) {}
            } while try associateSome()
            if try store.tokenWait() != nil { try store.setTokenWait(nil) }
        }
    }

    private var refreshCutoff: Date { Date().addingTimeInterval(-TimeInterval(settings.refreshAge)) }

    /// The whole ready backlog at once (rows are small): a client planning page walks must see
    /// every pending number of a repository, or each slice would walk the list on its own.
    static let planLimit = 200_000

    private func nextBacklog() throws -> [BacklogEntry] {
        guard remaining > 0 else { return [] }
        let batch = min(remaining, Self.planLimit)
        let entries = Array(try store.readyBacklog(now: backlogNow, limit: batch + attempted.count)
            .filter { !attempted.contains($0.id) }.prefix(batch))
        // References queued while the run went on join the count, so it never runs past its total.
        total = max(total, resolved + entries.count)
        return entries
    }

    private func nextRefresh() throws -> [BacklogEntry] {
        guard remaining > 0 else { return [] }
        let batch = min(remaining, Self.planLimit)
        return Array(try store.refreshDue(host: host, before: refreshCutoff, now: backlogNow, maxAttempts: options.maxAttempts,
                                          limit: batch + attempted.count)
            .filter { !attempted.contains($0.id) }.prefix(batch))
    }

    /// Resolves `entries` unit by unit; false when there was nothing to do. A unit that fails
    /// charges each entry it did not answer one attempt, whatever its strategy: a list or a
    /// refresh the forge never answers must not be asked first in every run after. Between units,
    /// the references a `--fetch` in another process handed over (`ForgeStore.takePriority`) go first.
    private func resolveSome(_ entries: [BacklogEntry], refreshing: Bool, servingPriority: Bool = true) throws -> Bool {
        guard !entries.isEmpty else { return false }
        for var unit in client.plan(entries) {
            if servingPriority {
                try servePriority()
                unit.refs.removeAll { attempted.contains($0.id) }
                if unit.refs.isEmpty { continue }
            }
            if shouldStop() { throw ResolverStop.interrupted }
            let ids = Set(unit.refs.map(\.id))
            attempted.formUnion(ids)
            var answered = Set<Int64>()
            do {
                try client.fetch(unit, using: transport) { results in
                    answered.formUnion(results.map(\.entry.id))
                    if refreshing { refreshed += results.count } else { resolved += results.count }
                    spent += results.count
                    try store.save(results, host: host, run: runID, resolved: resolved, requests: transport.requests)
                    report()
                }
            } catch let stop as ResolverStop {
                switch stop {
                case let .unavailable(reason), let .rejected(reason):
                    try penalize(ids.subtracting(answered), reason: reason)
                default: break
                }
                throw stop
            }
            walkMessage = nil
            try penalize(ids.subtracting(answered), reason: "the forge gave no answer")
        }
        return true
    }

    private func penalize(_ ids: Set<Int64>, reason: String) throws {
        guard !ids.isEmpty else { return }
        try store.recordFailure(ids.sorted(), reason: reason, retryAt: Date().addingTimeInterval(Self.retryLater),
                                maxAttempts: options.maxAttempts)
    }

    /// Asks the forge about commits no pull request is known for; true when that queued new
    /// pull requests to resolve.
    private func associateSome() throws -> Bool {
        guard options.associateCommits, remaining > 0 else { return false }
        let limit = client.associationIsPerCommit ? settings.associateLimit : nil
        let candidates = Array(try store.associationCandidates(window: limit, now: Date())
            .filter { !attemptedCommits.contains($0) }.prefix(remaining))
        guard !candidates.isEmpty else { return false }
        let repo = settings.forge.repo.lowercased()
        let pullKind: ReferenceKind = settings.forge.type == .gitlab ? .pullRequest : .any
        var found = false
        for start in stride(from: 0, to: candidates.count, by: client.associationBatchSize) {
            if shouldStop() { throw ResolverStop.interrupted }
            let chunk = Array(candidates[start..<min(start + client.associationBatchSize, candidates.count)])
            attemptedCommits.formUnion(chunk)
            let answers = try client.associate(chunk, repo: repo, using: transport)
            associated += chunk.count
            spent += chunk.count
            if answers.values.contains(where: { if case .pulls = $0 { true } else { false } }) { found = true }
            try store.saveAssociations(answers, repo: repo, pullKind: pullKind, run: runID, resolved: resolved,
                                       requests: transport.requests)
            report()
        }
        if found {
            let queued = try store.readyBacklog(now: backlogNow, limit: 1_000_000).filter { !attempted.contains($0.id) }.count
            total = max(total, resolved + queued)
            try store.updateRun(runID, total: total, resolved: resolved, requests: transport.requests)
        }
        return found
    }

    /// A wait started (or ended: nil): kept in the store for `status`, and reported at once.
    private func waitChanged(_ wait: ResolverWait?) {
        self.wait = wait
        try? store.setResolverWait(wait)
        report()
    }

    /// Someone is waiting for these at a terminal: ask them now, before the rest of the backlog.
    private func servePriority() throws {
        let urgent = try store.takePriority(host: host).filter { !attempted.contains($0.id) }
        guard !urgent.isEmpty else { return }
        total += urgent.count
        _ = try resolveSome(urgent, refreshing: false, servingPriority: false)
    }

    /// `--fetch`: asks the forge about `commits` (which pull request each came from), then resolves
    /// `entries` and the pull requests that association queued, in as few requests as the client
    /// can (one GraphQL batch on GitHub). Nothing else in the backlog is touched.
    func fetchOnly(_ entries: [BacklogEntry], commits: [String]) -> (ResolverRun.Outcome, String?) {
        run {
            total = entries.count
            try store.updateRun(runID, total: total, resolved: 0, requests: 0)
            var wanted = entries
            if !commits.isEmpty {
                let repo = settings.forge.repo.lowercased()
                let pullKind: ReferenceKind = settings.forge.type == .gitlab ? .pullRequest : .any
                attemptedCommits.formUnion(commits)
                let answers = try client.associate(commits, repo: repo, using: transport)
                associated += commits.count
                spent += commits.count
                try store.saveAssociations(answers, repo: repo, pullKind: pullKind, run: runID, resolved: resolved,
                                           requests: transport.requests)
                let numbers = answers.values.compactMap { answer -> Int? in
                    if case let .pulls(found) = answer { found.first } else { nil }
                }
                let queued = try store.backlogEntries(repo: repo, kind: pullKind.rawValue, numbers: numbers)
                    .filter { entry in !wanted.contains { $0.id == entry.id } }
                wanted += queued
                total += queued.count
            }
            _ = try resolveSome(wanted, refreshing: false, servingPriority: false)
        }
    }

    /// One run of `work`: how a `ResolverStop` (or any other error) ends it, with the wait cleared
    /// and the counters saved whatever happens.
    private func run(_ work: () throws -> Void) -> (ResolverRun.Outcome, String?) {
        defer {
            if wait != nil { waitChanged(nil) }
            try? store.updateRun(runID, total: total, resolved: resolved, requests: transport.requests)
        }
        do {
            try work()
            return (.completed, nil)
        } catch ResolverStop.interrupted {
            return (.interrupted, nil)
        } catch let ResolverStop.rateLimited(until, reason) {
            return (.rateLimited, "rate limited until \(ForgeTransport.iso(until)) (\(reason))")
        } catch let ResolverStop.needsToken(message) {
            try? store.setTokenWait(TokenWait(source: tokenSource))
            return (.failed, message)
        } catch let ResolverStop.unavailable(message), let ResolverStop.rejected(message) {
            return (.failed, message)
        } catch {
            return (.failed, String(describing: error))
        }
    }

    private func report() {
        progress(ResolverProgress(done: resolved, total: max(total, resolved), requests: transport.requests,
                                  message: walkMessage, refreshed: refreshed, associated: associated, wait: wait))
    }
}
