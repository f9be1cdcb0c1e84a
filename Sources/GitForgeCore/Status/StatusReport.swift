import Foundation

/// What `git forge status` shows; its `Encodable` form is the `--json` contract (absent values
/// are `null`, never omitted), `text` the lines a person reads. A new section is one property,
/// its coding key and its line(s) in `text`.
public struct StatusReport: Encodable, Sendable {
    /// `failed` is `notFound + unreadable`, as it always counted.
    public struct Refs: Encodable, Sendable {
        public var pending, resolved, failed, notFound, unreadable: Int
        /// Pending references a failure put off (part of `pending`); `sync` asks them at once.
        public var deferred = 0
    }
    /// The references a failure put off: how many, when the first is due again (UTC), and the
    /// latest failure's message.
    public struct Deferred: Encodable, Sendable {
        public var count: Int
        public var until: String
        public var lastError: Nullable<String>
    }
    public struct Hooks: Encodable, Sendable {
        /// Where git runs hooks from (`core.hooksPath` or the repository's `hooks`).
        public var path: Nullable<String>
        /// All of git forge's hooks are there.
        public var installed: Bool
        /// `forge.enabled` is not false: installed hooks do their work.
        public var enabled: Bool
        /// Ours that are not in place.
        public var missing: [String]
        /// `forge.enabled` git would not read as a boolean (the hooks stop at it).
        public var error: Nullable<String>
    }
    public struct Forge: Encodable, Sendable {
        public var type: String?
        public var repo: String?
        public var host: String?
        public var remote: String?
        public var error: String?
        /// The API root requests go to (`forge.apiUrl` or the forge's default).
        public var apiUrl: String?
        /// Whether a token is sent; never the token itself.
        public var token = false
        /// Where it was found (`GITHUB_TOKEN`, `git credential`).
        public var tokenSource: String?
        /// Why no token is sent when one may be expected (`TokenBinding.Decision.notSent`).
        public var tokenNotSent: String?
        /// What is likely wrong with `apiUrl` (GitLab without `/api/v4`).
        public var hint: String?

        enum CodingKeys: String, CodingKey { case type, repo, host, remote, error, apiUrl, token, tokenSource, tokenNotSent, hint }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(repo, forKey: .repo)
            try c.encode(host, forKey: .host)
            try c.encode(remote, forKey: .remote)
            try c.encode(error, forKey: .error)
            try c.encode(apiUrl, forKey: .apiUrl)
            try c.encode(token, forKey: .token)
            try c.encode(tokenSource, forKey: .tokenSource)
            try c.encode(tokenNotSent, forKey: .tokenNotSent)
            try c.encode(hint, forKey: .hint)
        }
    }

    public var commits: Int
    public var refs: Refs
    public var store: String
    public var forge: Forge
    public var hooks: Hooks
    public var resolver: ResolverState
    public var progress: ProgressState
    public var lastRun: Nullable<LastRun>
    /// The shared cache (docs/sharing.md); `null` until there is one to import or one was imported.
    var sharedCache: Nullable<SharedCacheStatus>
    /// `null` when no reference is deferred.
    public var deferred: Nullable<Deferred>

    /// - Parameters:
    ///   - store: nil where no store exists yet: everything counts zero.
    ///   - context: the environment and credential helper the token is looked up in, and the clock.
    public init(workspace: Workspace, store: ForgeStore?, context: CommandContext) throws {
        let counts = try store?.counts() ?? .empty
        commits = counts.commits
        refs = Refs(pending: counts.pending, resolved: counts.resolved, failed: counts.failed,
                    notFound: counts.notFound, unreadable: counts.unreadable)
        self.store = workspace.location.directory
        switch workspace.forge {
        case let .success(s):
            forge = Forge(type: s.type.rawValue, repo: s.repo, host: s.host, remote: s.remote, error: nil)
            let endpoint = try? ForgeEndpoint(settings: s, override: workspace.config.string("forge.apiUrl"))
            forge.apiUrl = (endpoint?.apiURL.absoluteString ?? workspace.config.string("forge.apiUrl"))
                .map(RemoteURL.redacted)
            forge.hint = endpoint.flatMap { ForgeEndpoint.hint(type: s.type, apiURL: $0.apiURL) }
            if let endpoint {
                // `git credential fill` only when a helper may answer for the host: else it can only fail.
                let helper = workspace.config.hasCredentialHelper(forHost: s.host)
                var credential: ((String) -> String?)?
                if helper { credential = context.credential }
                let decision = TokenBinding.decide(for: s, apiURL: endpoint.apiURL, lookup: context.environment,
                                                   credential: credential)
                forge.tokenSource = decision.token?.source
                forge.token = decision.token != nil
                forge.tokenNotSent = decision.notSent
            }
        case let .failure(error):
            forge = Forge(error: error.description)
        }
        hooks = Hooks(workspace)
        let now = context.now()
        let state = try ResolverStatus(location: workspace.location, store: store, now: now)
        resolver = ResolverState(state)
        progress = ProgressState(state.progress)
        lastRun = Nullable(state.lastRun.map(LastRun.init))
        sharedCache = Nullable(store.flatMap { SharedCacheStatus(workspace: workspace, store: $0) })
        refs.deferred = state.deferred?.count ?? 0
        deferred = Nullable(state.deferred.map {
            Deferred(count: $0.count, until: isoTime($0.until), lastError: Nullable($0.lastError))
        })
        deferredClock = state.deferred.map { ResolverWait.clock($0.until, now: now) }
        storeExists = store != nil
    }

    /// Not encoded: the zero counts say it for scripts.
    private var storeExists = true
    /// Not encoded: `deferred.until` in the local time of day, for the text.
    private var deferredClock: String?

    private enum CodingKeys: String, CodingKey {
        case commits, refs, store, forge, hooks, resolver, progress, lastRun, deferred, sharedCache
    }

    public var text: String {
        var lines: [String] = []
        if let type = forge.type, let repo = forge.repo, let host = forge.host, let remote = forge.remote {
            lines.append("Forge:    \(type) \(repo) on \(host) (remote \(remote))")
        } else {
            lines.append("Forge:    unknown: \(forge.error ?? "not detected")")
        }
        if let apiUrl = forge.apiUrl {
            let token = forge.tokenSource.map { "token from \($0)" }
                ?? forge.tokenNotSent.map { "token not sent: \($0)" } ?? "no token: anonymous limits"
            lines.append("API:      \(apiUrl) (\(token))")
        }
        if let hint = forge.hint { lines.append("hint:     \(hint)") }
        lines.append(hooksLine)
        guard storeExists else {
            lines.append("Commits:  none ingested yet: run 'git forge install' to start")
            lines.append("Store:    \(store) (not created yet)")
            return lines.map { TerminalText.neutralize($0) }.joined(separator: "\n")
        }
        lines.append("Commits:  \(commits) ingested")
        lines.append("Refs:     \(refs.pending) pending, \(refs.resolved) resolved, "
            + "\(refs.notFound) not found, \(refs.unreadable) unreadable")
        if let deferred = deferred.value, let deferredClock {
            lines.append("          \(deferred.count) deferred until \(deferredClock)"
                         + (deferred.lastError.value.map { " (last error: \($0))" } ?? ""))
        }
        lines += resolverLines
        if let shared = sharedCache.value { lines.append(shared.line) }
        lines.append("Store:    \(store)")
        // Forge answers (a run's error) and configuration reach these lines: no escape sequence
        // they hold may act on the terminal.
        return lines.map { TerminalText.neutralize($0) }.joined(separator: "\n")
    }
}

extension StatusReport.Hooks {
    init(_ workspace: Workspace) {
        let directory = try? workspace.repository.hooksDirectory(config: workspace.config).path
        let missing = directory.map { HookInstaller(directory: $0).missing } ?? HookScripts.names
        path = Nullable(directory)
        installed = missing.isEmpty
        self.missing = missing
        do {
            enabled = try BackgroundWork.isEnabled(workspace)
            error = Nullable(nil)
        } catch {
            enabled = false
            self.error = Nullable(error.description)
        }
    }
}

extension StatusReport {
    var hooksLine: String {
        let place = hooks.path.value.map { " in \($0)" } ?? ""
        let paused = hooks.error.value.map { ", paused: \($0)" }
            ?? (hooks.enabled ? "" : ", paused (forge.enabled=false)")
        if hooks.installed { return "Hooks:    installed\(place)\(paused)" }
        if hooks.missing.count < HookScripts.names.count {
            return "Hooks:    partly installed\(place) (\(hooks.missing.joined(separator: ", ")) missing: "
                + "run 'git forge install')\(paused)"
        }
        return "Hooks:    not installed\(place) (run 'git forge install')\(paused)"
    }
}
