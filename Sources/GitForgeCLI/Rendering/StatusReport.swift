import Foundation
import GitForgeCore

/// What `git forge status` shows; its `Encodable` form is the `--json` contract (absent values
/// are `null`, never omitted).
struct StatusReport: Encodable {
    /// `failed` is `notFound + unreadable`, as it always counted.
    struct Refs: Encodable {
        var pending, resolved, failed, notFound, unreadable: Int
        /// Pending references a failure put off (part of `pending`); `sync` asks them at once.
        var deferred = 0
    }
    /// The references a failure put off: how many, when the first is due again (UTC), and the
    /// latest failure's message.
    struct Deferred: Encodable {
        var count: Int
        var until: String
        var lastError: Nullable<String>
    }
    struct Hooks: Encodable {
        /// Where git runs hooks from (`core.hooksPath` or the repository's `hooks`).
        var path: Nullable<String>
        /// All of git forge's hooks are there.
        var installed: Bool
        /// `forge.enabled` is not false: installed hooks do their work.
        var enabled: Bool
        /// Ours that are not in place.
        var missing: [String]
        /// `forge.enabled` git would not read as a boolean (the hooks stop at it).
        var error: Nullable<String>
    }
    struct Forge: Encodable {
        var type: String?
        var repo: String?
        var host: String?
        var remote: String?
        var error: String?
        /// The API root requests go to (`forge.apiUrl` or the forge's default).
        var apiUrl: String?
        /// Whether a token is sent; never the token itself.
        var token = false
        /// Where it was found (`GITHUB_TOKEN`, `git credential`).
        var tokenSource: String?
        /// Why no token is sent when one may be expected (`TokenBinding.Decision.notSent`).
        var tokenNotSent: String?
        /// What is likely wrong with `apiUrl` (GitLab without `/api/v4`).
        var hint: String?

        enum CodingKeys: String, CodingKey { case type, repo, host, remote, error, apiUrl, token, tokenSource, tokenNotSent, hint }

        func encode(to encoder: any Encoder) throws {
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

    var commits: Int
    var refs: Refs
    var store: String
    var forge: Forge
    var hooks: Hooks
    var resolver: ResolverState
    var progress: ProgressState
    var lastRun: Nullable<LastRun>
    /// `null` when no reference is deferred.
    var deferred: Nullable<Deferred>

    /// - Parameter store: nil where no store exists yet: everything counts zero.
    init(workspace: Workspace, store: ForgeStore?) throws {
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
                let decision = TokenBinding.decide(for: s, apiURL: endpoint.apiURL, credentialHelper: helper)
                forge.tokenSource = decision.token?.source
                forge.token = decision.token != nil
                forge.tokenNotSent = decision.notSent
            }
        case let .failure(error):
            forge = Forge(error: error.description)
        }
        hooks = Hooks(workspace)
        let state = try ResolverStatus(location: workspace.location, store: store)
        resolver = ResolverState(state)
        progress = ProgressState(state.progress)
        lastRun = Nullable(state.lastRun.map(LastRun.init))
        refs.deferred = state.deferred?.count ?? 0
        deferred = Nullable(state.deferred.map {
            Deferred(count: $0.count, until: isoTime($0.until), lastError: Nullable($0.lastError))
        })
        deferredClock = state.deferred.map { ResolverWait.clock($0.until) }
        storeExists = store != nil
    }

    /// Not encoded: the zero counts say it for scripts.
    private var storeExists = true
    /// Not encoded: `deferred.until` in the local time of day, for the text.
    private var deferredClock: String?

    private enum CodingKeys: String, CodingKey {
        case commits, refs, store, forge, hooks, resolver, progress, lastRun, deferred
    }

    var text: String {
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
