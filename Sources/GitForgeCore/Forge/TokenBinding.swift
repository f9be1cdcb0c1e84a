import Foundation

/// Which host each token belongs to, and which API URLs may carry it.
///
/// A token is picked by the repository's web host, never by forge type alone: a `GITLAB_TOKEN`
/// made for gitlab.com must not reach a GitLab someone else runs just because the user set
/// `forge.type gitlab` for it. The bindings follow the conventions users already have from `gh`
/// and `glab`, stricter where those send a token to any host:
/// - `GH_TOKEN`, `GITHUB_TOKEN`: github.com and `*.ghe.com` (as `gh`).
/// - `GH_ENTERPRISE_TOKEN`, `GITHUB_ENTERPRISE_TOKEN`: only the host `GH_HOST` names (`gh` sends
///   them to any host that is not github.com).
/// - `GITLAB_TOKEN`: the host `GITLAB_HOST` (else `GL_HOST`) names, else gitlab.com (`glab`
///   sends it everywhere).
/// - `FORGEJO_TOKEN`: the host `FORGEJO_HOST` names; `GITEA_TOKEN`: the host `GITEA_HOST` names.
///   Neither has a home of its own — codeberg.org included — since there is no canonical Gitea:
///   a company Gitea's token must not go to every Codeberg clone.
public enum TokenBinding {
    /// The token to send for a run against `apiURL`, or why none is sent.
    public struct Decision: Sendable {
        public var token: ForgeToken?
        /// Why no token is sent although the user may expect one: `forge.apiUrl` points off the
        /// forge's host, or a token variable is set that belongs to another host. Safe to show.
        public var notSent: String?
    }

    /// Looks up and checks the token for one run.
    /// - Parameters:
    ///   - apiURL: where the requests go (`ForgeEndpoint.apiURL`).
    ///   - environment: the variables to read; nil reads the process environment.
    ///   - credentialHelper: false skips `git credential fill`.
    public static func decide(for settings: ForgeSettings, apiURL: URL, environment: [String: String]? = nil,
                              credentialHelper: Bool = true) -> Decision {
        decide(for: settings, apiURL: apiURL, lookup: lookup(environment),
               credential: credentialHelper ? GitCredential.asker(environment) : nil)
    }

    /// Looks up and checks the token for one run, in a command's world (`CommandContext`).
    /// - Parameters:
    ///   - lookup: one environment variable.
    ///   - credential: `git credential fill` for a host; nil skips it.
    public static func decide(for settings: ForgeSettings, apiURL: URL, lookup: (String) -> String?,
                              credential: ((String) -> String?)?) -> Decision {
        guard mayCarryToken(apiURL, for: settings) else {
            // Not even looked up: nothing the forge's host issued goes elsewhere.
            return Decision(token: nil, notSent: "forge.apiUrl is not on \(settings.host)")
        }
        if let token = ForgeToken.find(for: settings, lookup: lookup, credential: credential) {
            return Decision(token: token, notSent: nil)
        }
        return Decision(token: nil, notSent: unboundHint(for: settings, lookup: lookup))
    }

    /// Whether a request to `apiURL` may carry a token issued for `settings.host`: the web host
    /// itself (GitLab, Gitea, GitHub Enterprise's `HOST/api/v3`), its own API host
    /// (`api.github.com`, `api.<tenant>.ghe.com`), or a loopback address (tests, local proxies:
    /// nothing leaves the machine there).
    static func mayCarryToken(_ apiURL: URL, for settings: ForgeSettings) -> Bool {
        guard let host = URLPolicy.host(of: apiURL).map({ canonical($0) }), !host.isEmpty else { return false }
        if URLPolicy.isLoopback(host) { return true }
        let web = canonical(settings.host)
        if host == web { return true }
        guard settings.type == .github else { return false }
        return (web == "github.com" || web.hasSuffix(".ghe.com")) && host == "api." + web
    }

    /// The environment variables whose token belongs to `settings.host`, in the order checked.
    static func variables(for settings: ForgeSettings, lookup: (String) -> String?) -> [String] {
        let host = canonical(settings.host)
        switch settings.type {
        case .github:
            var names: [String] = []
            if host == "github.com" || host.hasSuffix(".ghe.com") { names += ["GH_TOKEN", "GITHUB_TOKEN"] }
            if host != "github.com", named("GH_HOST", lookup) == host {
                names += ["GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"]
            }
            return names
        case .gitlab:
            return gitLabHost(lookup) == host ? ["GITLAB_TOKEN"] : []
        case .gitea, .forgejo:
            let pairs = settings.type == .forgejo
                ? [("FORGEJO_TOKEN", "FORGEJO_HOST"), ("GITEA_TOKEN", "GITEA_HOST")]
                : [("GITEA_TOKEN", "GITEA_HOST"), ("FORGEJO_TOKEN", "FORGEJO_HOST")]
            return pairs.filter { named($0.1, lookup) == host }.map(\.0)
        }
    }

    /// When no token was found but one of the forge type's variables is set for another host:
    /// what to set to use it here (after an upgrade, or a first clone from a self-hosted forge).
    static func unboundHint(for settings: ForgeSettings, lookup: (String) -> String?) -> String? {
        let host = settings.host
        func isSet(_ name: String) -> Bool { lookup(name).map { !$0.trimmingSpaces.isEmpty } ?? false }
        switch settings.type {
        case .github:
            guard host != "github.com" else { return nil }  // an enterprise token is never github.com's
            if let name = ["GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN"].first(where: isSet) {
                return "\(name) is only sent to the host GH_HOST names; set GH_HOST=\(host) to use it here"
            }
            if let name = ["GH_TOKEN", "GITHUB_TOKEN"].first(where: isSet) {
                return "\(name) is only sent to github.com; for \(host) set GH_ENTERPRISE_TOKEN and GH_HOST=\(host)"
            }
        case .gitlab:
            if isSet("GITLAB_TOKEN") {
                return "GITLAB_TOKEN is only sent to \(gitLabHost(lookup)); set GITLAB_HOST=\(host) to use it here"
            }
        case .gitea, .forgejo:
            for (token, hostVariable) in [("FORGEJO_TOKEN", "FORGEJO_HOST"), ("GITEA_TOKEN", "GITEA_HOST")] where isSet(token) {
                return "\(token) is only sent to the host \(hostVariable) names; set \(hostVariable)=\(host) to use it here"
            }
        }
        return nil
    }

    /// `GITLAB_HOST`, else `GL_HOST`, else gitlab.com, as glab reads them.
    private static func gitLabHost(_ lookup: (String) -> String?) -> String {
        named("GITLAB_HOST", lookup) ?? named("GL_HOST", lookup) ?? "gitlab.com"
    }

    /// The host a `*_HOST` variable names, however it is spelled: `host`, `host:port`,
    /// `https://host/`, as gh and glab accept them. Nil when unset or empty.
    static func named(_ variable: String, _ lookup: (String) -> String?) -> String? {
        guard var text = lookup(variable).map({ Substring($0.trimmingSpaces) }), !text.isEmpty else { return nil }
        if let scheme = text.firstIndex(of: ":"), text[scheme...].hasPrefix("://") {
            text = text[text.index(scheme, offsetBy: 3)...]
        }
        if let end = text.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { text = text[..<end] }
        if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = text[text.index(after: text.startIndex)..<close]
        } else if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon {
            text = text[..<colon]
        }
        let host = canonical(String(text))
        return host.isEmpty ? nil : host
    }

    /// Lowercased, without the trailing dot of a fully qualified name.
    private static func canonical(_ host: String) -> String {
        var host = host.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// One variable at a time: `getenv` for the process environment, which spares the hot paths
    /// a copy of the whole environment (see `Environment`).
    static func lookup(_ environment: [String: String]?) -> (String) -> String? {
        if let environment { return { environment[$0] } }
        return { Environment.value($0) }
    }
}
