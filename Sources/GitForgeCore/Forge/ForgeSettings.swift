/// Which forge a repository lives on and how to reach it, from git configuration:
/// the remote (`forge.remote`, else `upstream` when it exists, else `origin`), its URL as the user
/// wrote it (before any `url.<base>.insteadOf` rewrite, so a mirror or an ssh rewrite does not hide
/// the forge), and the `forge.type`, `forge.repo` and `forge.apiUrl` overrides.
public struct ForgeSettings: Equatable, Sendable {
    public var type: ForgeType
    /// The forge's web host, e.g. `github.com`.
    public var host: String
    /// `owner/name`, or GitLab's full `group/sub/project`.
    public var repo: String
    public var remote: String
    /// The remote URL as configured, without user-info (`RemoteURL.redacted`).
    public var remoteURL: String

    public init(type: ForgeType, host: String, repo: String, remote: String, remoteURL: String) {
        self.type = type
        self.host = host
        self.repo = repo
        self.remote = remote
        self.remoteURL = RemoteURL.redacted(remoteURL)
    }

    /// Hosts whose forge is known without `forge.type`. A switch, not a dictionary: building a
    /// `[String: ForgeType]` costs a scan of every protocol conformance in the static binary, on
    /// every command's start-up path.
    static func knownHost(_ host: String) -> ForgeType? {
        switch host {
        case "github.com", "ssh.github.com": .github
        case "gitlab.com": .gitlab
        case "codeberg.org": .forgejo
        default: isGHECloud(host) ? .github : nil
        }
    }

    /// A remote that names no forge (a local path, `file://`: a mirror, a test) is usable when
    /// the settings say everything: `forge.type`, `forge.repo`, and `forge.apiUrl`, whose host
    /// stands for the forge's.
    static func configuredLocation(_ config: GitConfig) -> RemoteURL? {
        guard config.string("forge.type") != nil, let repo = config.string("forge.repo"),
              let api = config.string("forge.apiUrl"), let separator = api.range(of: "://") else { return nil }
        var authority = api[separator.upperBound...].prefix { $0 != "/" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") { authority = authority[..<colon] }
        return RemoteURL("https://\(authority)/\(repo)")
    }

    /// GitHub Enterprise Cloud with data residency: `TENANT.ghe.com`, its API on `api.TENANT.ghe.com`.
    static func isGHECloud(_ host: String) -> Bool {
        let suffix = ".ghe.com"
        guard host.hasSuffix(suffix), !host.hasPrefix("api.") else { return false }
        let tenant = host.dropLast(suffix.count)
        return !tenant.isEmpty && !tenant.contains(".") && !tenant.contains(":")
    }

    /// Reads the settings.
    /// - Throws: `ForgeDetectionError` saying what is missing or wrong and which key fixes it.
    public static func detect(from config: GitConfig) throws(ForgeDetectionError) -> ForgeSettings {
        let remotes = config.remoteNames()
        let remote: String
        if let chosen = config.string("forge.remote") {
            guard remotes.contains(chosen) else { throw .noSuchRemote(chosen) }
            remote = chosen
        } else if remotes.contains("upstream") {
            remote = "upstream"
        } else if remotes.contains("origin") {
            remote = "origin"
        } else {
            throw remotes.isEmpty ? .noRemote : .noDefaultRemote(remotes)
        }
        guard let url = config.string("remote.\(remote).url"), !url.isEmpty else {
            throw .remoteWithoutURL(remote)
        }
        guard let parsed = RemoteURL(url) ?? configuredLocation(config) else {
            throw .unparseableURL(remote: remote, url: RemoteURL.redacted(url))
        }
        let type: ForgeType
        if let configured = config.string("forge.type") {
            guard let known = ForgeType(rawValue: configured.lowercased()) else {
                throw .unknownType(configured)
            }
            type = known
        } else if let known = knownHost(parsed.host) {
            type = known
        } else {
            throw .unknownHost(parsed.host)
        }
        var repo = parsed.path
        if let override = config.string("forge.repo") {
            guard override.split(separator: "/").count >= 2 else { throw .badRepo(override) }
            repo = override
        } else if type != .gitlab {
            // GitHub and Gitea repositories are owner/name; anything before is a path prefix.
            repo = RemoteURL.path(parsed.path.split(separator: "/").suffix(2))
        }
        let host = parsed.host == "ssh.github.com" ? "github.com" : parsed.host
        return ForgeSettings(type: type, host: host, repo: repo, remote: remote, remoteURL: url)
    }
}

/// Why the forge could not be worked out; each message names the setting that fixes it.
public enum ForgeDetectionError: Error, Equatable, Sendable, CustomStringConvertible {
    case noRemote
    case noDefaultRemote([String])
    case noSuchRemote(String)
    case remoteWithoutURL(String)
    case unparseableURL(remote: String, url: String)
    case unknownHost(String)
    case unknownType(String)
    case badRepo(String)

    public var description: String {
        switch self {
        case .noRemote:
            "no remote configured; add one with 'git remote add origin <url>'"
        case let .noDefaultRemote(names):
            "no 'origin' or 'upstream' remote (have: \(names.joined(separator: ", "))); set 'git config forge.remote <name>'"
        case let .noSuchRemote(name):
            "forge.remote is '\(name)', but there is no such remote"
        case let .remoteWithoutURL(name):
            "remote '\(name)' has no URL"
        case let .unparseableURL(remote, url):
            "cannot tell a forge repository from remote '\(remote)' URL '\(RemoteURL.redacted(url))'; set 'git config forge.repo <owner/name>' and 'forge.type'"
        case let .unknownHost(host):
            "unknown forge host '\(host)'; set 'git config forge.type github|gitlab|gitea|forgejo'"
        case let .unknownType(type):
            "unknown forge.type '\(type)'; expected github, gitlab, gitea or forgejo"
        case let .badRepo(repo):
            "forge.repo '\(repo)' is not of the form <owner>/<name>"
        }
    }
}
