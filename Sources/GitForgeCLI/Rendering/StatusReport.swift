import Foundation
import GitForgeCore

/// What `git forge status` shows; its `Encodable` form is the `--json` contract (absent values
/// are `null`, never omitted).
struct StatusReport: Encodable {
    struct Refs: Encodable { var pending, resolved, failed: Int }
    struct Forge: Encodable {
        var type: String?
        var repo: String?
        var host: String?
        var remote: String?
        var error: String?
        /// The API root requests go to (`forge.apiUrl` or the forge's default).
        var apiUrl: String?
        /// Whether a token was found; never the token itself.
        var token = false

        enum CodingKeys: String, CodingKey { case type, repo, host, remote, error, apiUrl, token }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            try c.encode(repo, forKey: .repo)
            try c.encode(host, forKey: .host)
            try c.encode(remote, forKey: .remote)
            try c.encode(error, forKey: .error)
            try c.encode(apiUrl, forKey: .apiUrl)
            try c.encode(token, forKey: .token)
        }
    }

    var commits: Int
    var refs: Refs
    var store: String
    var forge: Forge
    var resolver: ResolverState
    var progress: ProgressState
    var lastRun: Nullable<LastRun>
    var sharedCache: Nullable<SharedCacheStatus>

    init(workspace: Workspace, store: ForgeStore) throws {
        let counts = try store.counts()
        commits = counts.commits
        refs = Refs(pending: counts.pending, resolved: counts.resolved, failed: counts.failed)
        self.store = workspace.location.directory
        switch workspace.forge {
        case let .success(s):
            forge = Forge(type: s.type.rawValue, repo: s.repo, host: s.host, remote: s.remote, error: nil)
            forge.apiUrl = (try? ForgeEndpoint(settings: s, override: workspace.config.string("forge.apiUrl")))?
                .apiURL.absoluteString ?? workspace.config.string("forge.apiUrl")
            // `git credential fill` only when a helper may answer for the host: else it can only fail.
            let helper = workspace.config.hasCredentialHelper(forHost: s.host)
            forge.token = ForgeToken.find(for: s, credentialHelper: helper) != nil
        case let .failure(error):
            forge = Forge(error: error.description)
        }
        let state = try ResolverStatus(location: workspace.location, store: store)
        resolver = ResolverState(state)
        progress = ProgressState(state.progress)
        lastRun = Nullable(state.lastRun.map(LastRun.init))
        sharedCache = Nullable(SharedCacheStatus(workspace: workspace, store: store))
    }

    var text: String {
        var lines: [String] = []
        if let type = forge.type, let repo = forge.repo, let host = forge.host, let remote = forge.remote {
            lines.append("Forge:    \(type) \(repo) on \(host) (remote \(remote))")
        } else {
            lines.append("Forge:    unknown: \(forge.error ?? "not detected")")
        }
        if let apiUrl = forge.apiUrl {
            lines.append("API:      \(apiUrl) (\(forge.token ? "token found" : "no token: anonymous limits"))")
        }
        lines.append("Commits:  \(commits) ingested")
        lines.append("Refs:     \(refs.pending) pending, \(refs.resolved) resolved, \(refs.failed) failed")
        lines += resolverLines
        if let shared = sharedCache.value { lines.append(shared.line) }
        lines.append("Store:    \(store)")
        return lines.joined(separator: "\n")
    }
}
