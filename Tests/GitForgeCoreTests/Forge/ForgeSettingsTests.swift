import Testing
import GitForgeTestSupport
@testable import GitForgeCore

struct ForgeSettingsTests {
    private func settings(_ fixture: GitFixture) throws -> ForgeSettings {
        try ForgeSettings.detect(from: Repository.open(at: fixture.path).config())
    }

    @Test func detectsFromTheURLAsWrittenNotAsRewritten() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/octo/widgets.git")
        // Users rewrite https to ssh, and this machine rewrites github.com to a mirror.
        try repo.git("config", "url.git@elsewhere.example:mirror/.insteadOf", "https://github.com/")
        let s = try settings(repo)
        #expect(s == ForgeSettings(type: .github, host: "github.com", repo: "octo/widgets",
                                   remote: "origin", remoteURL: "https://github.com/octo/widgets.git"))
    }

    @Test func prefersUpstreamThenHonoursForgeRemote() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "git@github.com:me/fork.git")
        try repo.git("remote", "add", "upstream", "git@github.com:them/project.git")
        #expect(try settings(repo).repo == "them/project")
        try repo.git("config", "forge.remote", "origin")
        #expect(try settings(repo).repo == "me/fork")
    }

    /// GitHub Enterprise Cloud with data residency serves its API as github.com does, on an
    /// `api.` host of its own, not under `/api/v3` as Enterprise Server does.
    @Test func aGHECloudTenantIsGitHubWithItsAPIOnItsAPIHost() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://octocorp.ghe.com/team/tool.git")
        let s = try settings(repo)
        #expect(s.type == .github && s.host == "octocorp.ghe.com" && s.repo == "team/tool")
        let endpoint = try ForgeEndpoint(settings: s, override: nil)
        #expect(endpoint.apiURL.absoluteString == "https://api.octocorp.ghe.com")
        #expect(endpoint.graphQLURL?.absoluteString == "https://api.octocorp.ghe.com/graphql")
        let token = TokenBinding.decide(for: s, apiURL: endpoint.apiURL, environment: ["GH_TOKEN": "secret"],
                                        credentialHelper: false)
        #expect(token.token?.value == "secret" && token.notSent == nil)

        // Enterprise Server keeps /api/v3 and its GraphQL beside it
        let server = ForgeSettings(type: .github, host: "git.corp.example", repo: "o/r", remote: "origin", remoteURL: "")
        let serverEndpoint = try ForgeEndpoint(settings: server, override: nil)
        #expect(serverEndpoint.apiURL.absoluteString == "https://git.corp.example/api/v3")
        #expect(serverEndpoint.graphQLURL?.absoluteString == "https://git.corp.example/api/graphql")
        // Neither the bare domain nor a deeper name is a tenant
        #expect(ForgeSettings.knownHost("ghe.com") == nil && ForgeSettings.knownHost("a.b.ghe.com") == nil)
    }

    @Test func gitlabKeepsTheFullPathAndOthersNeedForgeType() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://gitlab.com/group/sub/project.git")
        #expect(try settings(repo).repo == "group/sub/project")
        #expect(try settings(repo).type == .gitlab)
        try repo.git("remote", "set-url", "origin", "https://git.corp.example/team/tool")
        #expect(throws: ForgeDetectionError.unknownHost("git.corp.example")) { try settings(repo) }
        try repo.git("config", "forge.type", "gitea")
        #expect(try settings(repo).type == .gitea)
        try repo.git("config", "forge.type", "sourcehut")
        #expect(throws: ForgeDetectionError.unknownType("sourcehut")) { try settings(repo) }
    }

    @Test func codebergIsForgejoAndForgeRepoOverrides() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://codeberg.org/a/b")
        try repo.git("config", "forge.repo", "c/d")
        let s = try settings(repo)
        #expect(s.type == .forgejo && s.repo == "c/d")
    }

    @Test func explainsWhatIsMissing() throws {
        let repo = try GitFixture()
        #expect(throws: ForgeDetectionError.noRemote) { try settings(repo) }
        try repo.git("remote", "add", "mine", "https://github.com/a/b")
        #expect(throws: ForgeDetectionError.noDefaultRemote(["mine"])) { try settings(repo) }
        try repo.git("config", "forge.remote", "nope")
        #expect(throws: ForgeDetectionError.noSuchRemote("nope")) { try settings(repo) }
        try repo.git("config", "--unset", "forge.remote")
        try repo.git("config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")
        #expect(throws: ForgeDetectionError.remoteWithoutURL("origin")) { try settings(repo) }
        try repo.git("config", "remote.origin.url", "/srv/git/local.git")
        #expect(throws: ForgeDetectionError.unparseableURL(remote: "origin", url: "/srv/git/local.git")) {
            try settings(repo)
        }
    }
}
