import Foundation

/// Where a forge's API lives: `forge.apiUrl`, else the forge's default for the web host.
public struct ForgeEndpoint: Sendable, Equatable {
    /// The API root, version prefix included, without a trailing slash.
    public var apiURL: URL
    /// GitHub only: `https://HOST/api/graphql` for an Enterprise Server `…/api/v3` root, else
    /// `<apiUrl>/graphql` (`https://api.github.com/graphql`, `https://api.TENANT.ghe.com/graphql`).
    public var graphQLURL: URL?

    /// - Throws: `ResolverConfigError` when `forge.apiUrl` is not a URL, or is plain http:// to a
    ///   host that is not loopback.
    public init(settings: ForgeSettings, override: String?) throws(ResolverConfigError) {
        var trimmed = override.map { $0.trimmingSpaces } ?? Self.defaultRoot(settings)
        // Shown in errors and status: without any user-info the URL was written with.
        let text = RemoteURL.redacted(trimmed)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(),
              let host = URLPolicy.host(of: url), !host.isEmpty, scheme == "https" || scheme == "http"
        else { throw .invalid(key: "forge.apiUrl", value: text, expected: "an https:// URL such as https://api.github.com") }
        if scheme == "http", !URLPolicy.isLoopback(host) {
            throw .invalid(key: "forge.apiUrl", value: text,
                           expected: "an https:// URL (plain http:// is only allowed for loopback addresses)")
        }
        apiURL = url
        if settings.type == .github {
            if trimmed.hasSuffix("/api/v3") {
                graphQLURL = URL(string: String(trimmed.dropLast(3)) + "/graphql")
            } else {
                graphQLURL = URL(string: trimmed + "/graphql")
            }
        }
    }

    /// The documented defaults: api.github.com, GitHub Enterprise Cloud with data residency
    /// (`TENANT.ghe.com`) `api.TENANT.ghe.com` as github.com does, GitHub Enterprise Server
    /// `/api/v3`, GitLab `/api/v4`, Gitea/Forgejo `/api/v1`.
    public static func defaultRoot(_ settings: ForgeSettings) -> String {
        switch settings.type {
        case .github where settings.host == "github.com": "https://api.github.com"
        case .github where ForgeSettings.isGHECloud(settings.host): "https://api.\(settings.host)"
        case .github: "https://\(settings.host)/api/v3"
        case .gitlab: "https://\(settings.host)/api/v4"
        case .gitea, .forgejo: "https://\(settings.host)/api/v1"
        }
    }

    /// What is likely wrong with a `forge.apiUrl` that GitLab would answer 404 to everywhere: its
    /// REST API lives under `/api/v4`, and a web URL given as the API root is an easy mistake.
    public static func hint(type: ForgeType, apiURL: URL) -> String? {
        guard type == .gitlab, !apiURL.path.hasSuffix("/api/v4") else { return nil }
        var root = apiURL.absoluteString
        while root.hasSuffix("/") { root.removeLast() }
        return "forge.apiUrl has no /api/v4: GitLab's API root is usually \(root)/api/v4"
    }

    /// `path` appended to the API root; `path` starts with "/" and may carry a query.
    func url(_ path: String) -> URL {
        URL(string: apiURL.absoluteString + path)!
    }
}

/// A `forge.*` setting that cannot be used; the message names the key and what it should be.
public enum ResolverConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(key: String, value: String, expected: String)
    case noForge(String)

    public var description: String {
        switch self {
        case let .invalid(key, value, expected): "bad config value '\(value)' for '\(key)': expected \(expected)"
        case let .noForge(reason): "cannot resolve references: \(reason)"
        }
    }
}
