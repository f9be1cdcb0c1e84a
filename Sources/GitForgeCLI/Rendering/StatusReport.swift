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
    var lastRun: LastRunReport?

    enum CodingKeys: String, CodingKey { case commits, refs, store, forge, lastRun }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(commits, forKey: .commits)
        try c.encode(refs, forKey: .refs)
        try c.encode(store, forKey: .store)
        try c.encode(forge, forKey: .forge)
        try c.encode(lastRun, forKey: .lastRun)
    }

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
            forge.token = ForgeToken.find(for: s) != nil
        case let .failure(error):
            forge = Forge(error: error.description)
        }
        lastRun = try store.latestRun().map(LastRunReport.init)
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
        lines.append("Last run: \(lastRun?.text ?? "none")")
        lines.append("Store:    \(store)")
        return lines.joined(separator: "\n")
    }
}

/// `lastRun` in `status`: the newest resolver run (`finishedAt` and `outcome` are null while it
/// runs, or if it was killed).
struct LastRunReport: Encodable {
    var startedAt: String
    var finishedAt: String?
    var outcome: String?
    var resolved: Int
    var requests: Int
    var error: String?

    init(_ run: ResolverRun) {
        let iso = ISO8601DateFormatter()
        startedAt = iso.string(from: run.startedAt)
        finishedAt = run.finishedAt.map(iso.string(from:))
        outcome = run.outcome?.rawValue
        resolved = run.resolved
        requests = run.requests
        error = run.error
    }

    enum CodingKeys: String, CodingKey { case startedAt, finishedAt, outcome, resolved, requests, error }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(resolved, forKey: .resolved)
        try c.encode(requests, forKey: .requests)
        try c.encode(error, forKey: .error)
    }

    var text: String {
        let state = outcome ?? "running (or stopped without finishing)"
        var line = "\(state), started \(startedAt): \(resolved) resolved in \(requests) requests"
        if let error { line += " — \(error)" }
        return line
    }
}
