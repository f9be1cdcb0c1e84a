import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// Issue 11's acceptance: a self-hosted forge's requests (here to a loopback fake forge, as
/// `forge.apiUrl` points them) carry a token only when the user bound it to that host.
@Suite(.tags(.network)) struct TokenHostTests {
    static let token = "glpat-BoundToOneHost0123456789"

    /// Resolves a repository whose `origin` is `remote` against a fake `flavor` forge with `env`,
    /// and returns the Authorization header of every request the forge saw (nil: none sent).
    private func authorizations(_ flavor: FakeForge.Flavor, remote: String, type: String,
                                env: [String: String]) throws -> [String?] {
        let repo = try GitFixture()
        let forge = try FakeForge(flavor)
        let home = flavor == .gitlab ? "g/p" : "o/r"
        forge.add(repo: home, items: FakeForgeItem.generate(count: 10))
        try repo.git("remote", "add", "origin", remote)
        try repo.git("config", "forge.type", type)
        try repo.git("config", "forge.apiUrl", forge.apiURL)
        try repo.git("config", "forge.paceMs", "0")
        try repo.commit(flavor == .gitlab ? "Refs !1 !2 #3" : "Refs #1 #2 #3")
        let workspace = try Workspace(repository: Repository.open(at: repo.path))
        let store = try workspace.openStore()
        _ = try workspace.ingest(into: store)
        var options = ResolverOptions()
        options.environment = env
        options.useCredentialHelper = false
        options.retryBase = .milliseconds(20)
        options.associateCommits = false
        let run = try Resolver(workspace: workspace, store: store, options: options).run()
        #expect(run.outcome == .completed, "\(run.error ?? "")")
        let requests = forge.requests
        #expect(!requests.isEmpty)
        return requests.map { $0.headers["authorization"] }
    }

    @Test func aGitLabTokenIsNotSentToAnotherGitLab() throws {
        let seen = try authorizations(.gitlab, remote: "https://gitlab.example.net/g/p", type: "gitlab",
                                      env: ["GITLAB_TOKEN": Self.token])
        #expect(seen.allSatisfy { $0 == nil }, "\(seen)")
    }

    @Test func aGitLabTokenGoesToTheHostGitLabHostNames() throws {
        let seen = try authorizations(.gitlab, remote: "https://gitlab.example.net/g/p", type: "gitlab",
                                      env: ["GITLAB_TOKEN": Self.token, "GITLAB_HOST": "gitlab.example.net"])
        #expect(seen.allSatisfy { $0 == "Bearer \(Self.token)" }, "\(seen)")
    }

    @Test func aGitHubComTokenIsNotSentToGitHubEnterprise() throws {
        let seen = try authorizations(.github, remote: "https://ghe.example.net/o/r.git", type: "github",
                                      env: ["GITHUB_TOKEN": Self.token, "GH_TOKEN": Self.token])
        #expect(seen.allSatisfy { $0 == nil }, "\(seen)")
    }

    @Test func anEnterpriseTokenGoesToTheHostGHHostNames() throws {
        let seen = try authorizations(.github, remote: "https://ghe.example.net/o/r.git", type: "github",
                                      env: ["GH_ENTERPRISE_TOKEN": Self.token, "GH_HOST": "ghe.example.net",
                                            "GITHUB_TOKEN": "ghp_notThisOne"])
        #expect(seen.allSatisfy { $0 == "Bearer \(Self.token)" }, "\(seen)")
    }
}
