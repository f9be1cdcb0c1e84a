import Foundation

/// One run's state: the client, the transport and the counters written with every response.
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
    private var done = 0
    private var total = 0
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
        transport = ForgeTransport(
            http: http, apiURL: settings.endpoint.apiURL, credential: token?.header(for: settings.forge.type),
            headers: ForgeClientFactory.headers(settings.forge.type),
            policy: .init(pace: settings.pace, maxWait: options.maxWait, retryBase: options.retryBase,
                          maxRetries: options.maxRetries, secondaryWait: options.secondaryLimitWait),
            notBefore: try store.resolverNotBefore(), shouldStop: shouldStop,
            saveDeadline: { [store] in try? store.setResolverNotBefore($0) })
    }

    private var host: String { settings.forge.host }
    private var remaining: Int { options.limit.map { $0 - done } ?? Int.max }

    /// Resolves until there is nothing left to ask, then reports how the run ended.
    func drain() -> (ResolverRun.Outcome, String?) {
        do {
            try store.settleFromCache(host: host)
            try store.settleFromShared(host: host, freshAfter: refreshCutoff)
            total = try store.readyBacklog(now: Date(), limit: min(remaining, 1_000_000)).count
                + store.refreshDue(host: host, before: refreshCutoff, limit: 1_000_000).count
            total = min(total, remaining)
            try store.updateRun(runID, total: total, resolved: 0, requests: 0)
            repeat {
                while try resolveSome(try nextBacklog()) {}
                while try resolveSome(try nextRefresh()) {}
            } while try associateSome()
            if try store.tokenWait() != nil { try store.setTokenWait(nil) }
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

    private var refreshCutoff: Date { Date().addingTimeInterval(-TimeInterval(settings.refreshAge)) }

    /// The whole ready backlog at once (rows are small): a client planning page walks must see
    /// every pending number of a repository, or each slice would walk the list on its own.
    static let planLimit = 200_000

    private func nextBacklog() throws -> [BacklogEntry] {
        guard remaining > 0 else { return [] }
        let batch = min(remaining, Self.planLimit)
        return Array(try store.readyBacklog(now: Date(), limit: batch + attempted.count)
            .filter { !attempted.contains($0.id) }.prefix(batch))
    }

    private func nextRefresh() throws -> [BacklogEntry] {
        guard remaining > 0 else { return [] }
        let batch = min(remaining, Self.planLimit)
        return Array(try store.refreshDue(host: host, before: refreshCutoff, limit: batch + attempted.count)
            .filter { !attempted.contains($0.id) }.prefix(batch))
    }

    /// Resolves `entries` unit by unit; false when there was nothing to do.
    private func resolveSome(_ entries: [BacklogEntry]) throws -> Bool {
        guard !entries.isEmpty else { return false }
        for unit in client.plan(entries) {
            if shouldStop() { throw ResolverStop.interrupted }
            let ids = Set(unit.refs.map(\.id))
            attempted.formUnion(ids)
            var answered = Set<Int64>()
            do {
                try client.fetch(unit, using: transport) { results in
                    answered.formUnion(results.map(\.entry.id))
                    done += results.count
                    try store.save(results, host: host, run: runID, resolved: done, requests: transport.requests)
                    report()
                }
            } catch let stop as ResolverStop {
                switch stop {
                case let .unavailable(reason), let .rejected(reason):
                    if unit.strategy != .pageWalk { try penalize(ids.subtracting(answered), reason: reason) }
                default: break
                }
                throw stop
            }
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
        total += candidates.count
        try store.updateRun(runID, total: total, resolved: done, requests: transport.requests)
        let repo = settings.forge.repo.lowercased()
        let pullKind: ReferenceKind = settings.forge.type == .gitlab ? .pullRequest : .any
        var found = false
        for start in stride(from: 0, to: candidates.count, by: client.associationBatchSize) {
            if shouldStop() { throw ResolverStop.interrupted }
            let chunk = Array(candidates[start..<min(start + client.associationBatchSize, candidates.count)])
            attemptedCommits.formUnion(chunk)
            let answers = try client.associate(chunk, repo: repo, using: transport)
            done += chunk.count
            if answers.values.contains(where: { if case .pulls = $0 { true } else { false } }) { found = true }
            try store.saveAssociations(answers, repo: repo, pullKind: pullKind, run: runID, resolved: done,
                                       requests: transport.requests)
            report()
        }
        if found {
            let queued = try store.readyBacklog(now: Date(), limit: 1_000_000).filter { !attempted.contains($0.id) }.count
            total += queued
            try store.updateRun(runID, total: total, resolved: done, requests: transport.requests)
        }
        return found
    }

    private func report() {
        progress(ResolverProgress(done: done, total: max(total, done), requests: transport.requests, message: nil))
    }
}
