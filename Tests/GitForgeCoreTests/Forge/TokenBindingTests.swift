import Foundation
import Testing
@testable import GitForgeCore

/// Every token goes only to the host it was issued for (issue 11): picked by the repository's
/// web host as gh and glab bind them, and attached only to that host's API or a loopback address.
struct TokenBindingTests {
    private static func forge(_ type: ForgeType, _ host: String) -> ForgeSettings {
        ForgeSettings(type: type, host: host, repo: "o/r", remote: "origin", remoteURL: "")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var type: ForgeType
        var host: String
        var env: [String: String]
        /// The variable the token must come from; nil: no token.
        var source: String?
        var testDescription: String { "\(type.rawValue) \(host) \(env.keys.sorted()) → \(source ?? "none")" }
    }

    static let cases: [Case] = [
        // GitHub: GH_TOKEN is github.com's (and *.ghe.com's), never a GHES host's.
        Case(type: .github, host: "github.com", env: ["GH_TOKEN": "a", "GITHUB_TOKEN": "b"], source: "GH_TOKEN"),
        Case(type: .github, host: "github.com", env: ["GITHUB_TOKEN": "b"], source: "GITHUB_TOKEN"),
        Case(type: .github, host: "tenant.ghe.com", env: ["GH_TOKEN": "a"], source: "GH_TOKEN"),
        Case(type: .github, host: "ghe.example.net", env: ["GH_TOKEN": "a", "GITHUB_TOKEN": "b"], source: nil),
        // GH_ENTERPRISE_TOKEN: only the host GH_HOST names (gh would send it to any non-github.com host).
        Case(type: .github, host: "ghe.example.net", env: ["GH_ENTERPRISE_TOKEN": "e"], source: nil),
        Case(type: .github, host: "ghe.example.net", env: ["GH_ENTERPRISE_TOKEN": "e", "GH_HOST": "other.example"], source: nil),
        Case(type: .github, host: "ghe.example.net", env: ["GH_ENTERPRISE_TOKEN": "e", "GH_HOST": "ghe.example.net"],
             source: "GH_ENTERPRISE_TOKEN"),
        Case(type: .github, host: "ghe.example.net", env: ["GITHUB_ENTERPRISE_TOKEN": "e", "GH_HOST": "https://GHE.example.net/"],
             source: "GITHUB_ENTERPRISE_TOKEN"),
        Case(type: .github, host: "github.com", env: ["GH_ENTERPRISE_TOKEN": "e", "GH_HOST": "github.com"], source: nil),
        // GitLab: gitlab.com, or the host GITLAB_HOST / GL_HOST names (glab sends it everywhere).
        Case(type: .gitlab, host: "gitlab.com", env: ["GITLAB_TOKEN": "g"], source: "GITLAB_TOKEN"),
        Case(type: .gitlab, host: "gitlab.example.net", env: ["GITLAB_TOKEN": "g"], source: nil),
        Case(type: .gitlab, host: "gitlab.attacker.example", env: ["GITLAB_TOKEN": "g", "GITLAB_HOST": "gitlab.example.net"], source: nil),
        Case(type: .gitlab, host: "gitlab.example.net", env: ["GITLAB_TOKEN": "g", "GITLAB_HOST": "gitlab.example.net"],
             source: "GITLAB_TOKEN"),
        Case(type: .gitlab, host: "gitlab.example.net", env: ["GITLAB_TOKEN": "g", "GL_HOST": "gitlab.example.net:8443"],
             source: "GITLAB_TOKEN"),
        // A token named for another host is not gitlab.com's any more.
        Case(type: .gitlab, host: "gitlab.com", env: ["GITLAB_TOKEN": "g", "GITLAB_HOST": "gitlab.example.net"], source: nil),
        // Gitea/Forgejo: only the host their own *_HOST names; codeberg.org has no default.
        Case(type: .forgejo, host: "codeberg.org", env: ["FORGEJO_TOKEN": "f", "GITEA_TOKEN": "t"], source: nil),
        Case(type: .forgejo, host: "codeberg.org", env: ["FORGEJO_TOKEN": "f", "FORGEJO_HOST": "codeberg.org"], source: "FORGEJO_TOKEN"),
        Case(type: .forgejo, host: "codeberg.org", env: ["GITEA_TOKEN": "t", "GITEA_HOST": "gitea.corp.example",
                                                         "FORGEJO_HOST": "codeberg.org"], source: nil),
        Case(type: .gitea, host: "gitea.corp.example", env: ["GITEA_TOKEN": "t", "GITEA_HOST": "gitea.corp.example",
                                                             "FORGEJO_TOKEN": "f"], source: "GITEA_TOKEN"),
        Case(type: .gitea, host: "gitea.corp.example", env: ["GITEA_TOKEN": "t", "FORGEJO_TOKEN": "f",
                                                             "FORGEJO_HOST": "gitea.corp.example"], source: "FORGEJO_TOKEN"),
    ]

    @Test(arguments: cases)
    func aTokenComesOnlyFromVariablesBoundToTheHost(_ c: Case) {
        let token = ForgeToken.find(for: Self.forge(c.type, c.host), environment: c.env, credentialHelper: false)
        #expect(token?.source == c.source)
        if let source = c.source { #expect(token?.value == c.env[source]) }
    }

    @Test(arguments: [
        (ForgeType.github, "github.com", "https://api.github.com", true),
        (.github, "github.com", "https://github.com/api/v3", true),
        (.github, "github.com", "https://collector.example", false),
        (.github, "github.com", "https://api.github.com.collector.example", false),
        (.github, "tenant.ghe.com", "https://api.tenant.ghe.com", true),
        (.github, "ghe.example.net", "https://ghe.example.net/api/v3", true),
        (.github, "ghe.example.net", "https://api.github.com", false),
        (.github, "ghe.example.net", "https://api.ghe.example.net", false),
        (.gitlab, "gitlab.com", "https://gitlab.com/api/v4", true),
        (.gitlab, "gitlab.com", "https://gitlab.example.net/api/v4", false),
        (.gitea, "codeberg.org", "https://codeberg.org/api/v1", true),
        (.gitlab, "gitlab.example.net", "http://127.0.0.1:8080/api/v4", true),
        (.github, "github.com", "http://[::1]:9000", true),
        (.github, "github.com", "http://localhost:9000", true),
    ])
    func onlyTheForgesOwnAPIHostOrLoopbackCarriesIt(type: ForgeType, host: String, api: String, allowed: Bool) throws {
        #expect(TokenBinding.mayCarryToken(try #require(URL(string: api)), for: Self.forge(type, host)) == allowed)
    }

    @Test func anAPIURLOffTheForgesHostGetsNoTokenAndSaysWhy() throws {
        // Given: git -c forge.apiUrl=https://collector.example, with a github.com token at hand.
        let settings = Self.forge(.github, "github.com")
        let endpoint = try ForgeEndpoint(settings: settings, override: "https://collector.example")
        // When
        let decision = TokenBinding.decide(for: settings, apiURL: endpoint.apiURL, environment: ["GH_TOKEN": "secret"],
                                           credentialHelper: false)
        // Then
        #expect(decision.token == nil)
        #expect(decision.notSent == "forge.apiUrl is not on github.com")
        let home = TokenBinding.decide(for: settings, apiURL: try ForgeEndpoint(settings: settings, override: nil).apiURL,
                                       environment: ["GH_TOKEN": "secret"], credentialHelper: false)
        #expect(home.token?.value == "secret" && home.notSent == nil)
    }

    @Test func aTokenSetForAnotherHostIsExplained() {
        let gitlab = Self.forge(.gitlab, "gitlab.example.net")
        let api = URL(string: "https://gitlab.example.net/api/v4")!
        #expect(TokenBinding.decide(for: gitlab, apiURL: api, environment: ["GITLAB_TOKEN": "g"], credentialHelper: false).notSent
                == "GITLAB_TOKEN is only sent to gitlab.com; set GITLAB_HOST=gitlab.example.net to use it here")
        let ghes = Self.forge(.github, "ghe.example.net")
        let ghesAPI = URL(string: "https://ghe.example.net/api/v3")!
        #expect(TokenBinding.decide(for: ghes, apiURL: ghesAPI, environment: ["GITHUB_TOKEN": "t"], credentialHelper: false).notSent
                == "GITHUB_TOKEN is only sent to github.com; for ghe.example.net set GH_ENTERPRISE_TOKEN and GH_HOST=ghe.example.net")
        #expect(TokenBinding.decide(for: ghes, apiURL: ghesAPI, environment: ["GH_ENTERPRISE_TOKEN": "e", "GH_HOST": "x.example"],
                                    credentialHelper: false).notSent
                == "GH_ENTERPRISE_TOKEN is only sent to the host GH_HOST names; set GH_HOST=ghe.example.net to use it here")
        #expect(TokenBinding.decide(for: ghes, apiURL: ghesAPI, environment: [:], credentialHelper: false).notSent == nil)
        let github = Self.forge(.github, "github.com")
        #expect(TokenBinding.decide(for: github, apiURL: URL(string: "https://api.github.com")!,
                                    environment: ["GH_ENTERPRISE_TOKEN": "e"], credentialHelper: false).notSent == nil)
        let codeberg = Self.forge(.forgejo, "codeberg.org")
        #expect(TokenBinding.decide(for: codeberg, apiURL: URL(string: "https://codeberg.org/api/v1")!,
                                    environment: ["GITEA_TOKEN": "t"], credentialHelper: false).notSent
                == "GITEA_TOKEN is only sent to the host GITEA_HOST names; set GITEA_HOST=codeberg.org to use it here")
    }

    @Test(arguments: [
        ("https://user:s3cret@github.com/o/r.git", "https://github.com/o/r.git"),
        ("https://x-access-token:s3cret@gitlab.example.net:8443/g/p", "https://gitlab.example.net:8443/g/p"),
        ("ssh://git:s3cret@host/o/r", "ssh://host/o/r"),
        ("https://host/o/r?x=a@b", "https://host/o/r?x=a@b"),
        ("https://github.com/o/r.git", "https://github.com/o/r.git"),
        ("git@github.com:o/r.git", "git@github.com:o/r.git"),
    ])
    func userInfoIsStrippedFromShownURLs(url: String, shown: String) {
        #expect(RemoteURL.redacted(url) == shown)
    }

    @Test func detectionNeverKeepsOrPrintsAPasswordFromTheRemoteURL() throws {
        let ok = try ForgeSettings.detect(from: .inMemory(["remote.origin.url": "https://me:s3cret@github.com/o/r.git"]))
        #expect(ok.remoteURL == "https://github.com/o/r.git")
        #expect(throws: ForgeDetectionError.unparseableURL(remote: "origin", url: "https://github.com/only")) {
            try ForgeSettings.detect(from: .inMemory(["remote.origin.url": "https://me:s3cret@github.com/only"]))
        }
        let error = ForgeDetectionError.unparseableURL(remote: "origin", url: "https://me:s3cret@host/x")
        #expect(!error.description.contains("s3cret"))
        let refused = #expect(throws: ResolverConfigError.self) {
            try ForgeEndpoint(settings: ok, override: "ftp://me:s3cret@host")
        }
        #expect(refused.map { !$0.description.contains("s3cret") } == true)
    }
}
