/// Picks the client for a forge: GitHub GraphQL with a token, REST without one.
enum ForgeClientFactory {
    static func make(_ settings: ResolverSettings, hasToken: Bool) -> any ForgeClient {
        switch settings.forge.type {
        case .github:
            if hasToken, let graphQL = settings.endpoint.graphQLURL { return GitHubClient(graphQL: graphQL, home: settings.forge.repo) }
            return GitHubRESTClient(endpoint: settings.endpoint, home: settings.forge.repo)
        case .gitlab: return GitLabClient(endpoint: settings.endpoint, home: settings.forge.repo)
        case .gitea, .forgejo: return GiteaClient(endpoint: settings.endpoint, home: settings.forge.repo)
        }
    }

    /// Headers every request to this forge carries besides User-Agent (set by the HTTP client).
    static func headers(_ type: ForgeType) -> [(String, String)] {
        switch type {
        case .github: [("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")]
        case .gitlab, .gitea, .forgejo: [("Accept", "application/json")]
        }
    }
}
