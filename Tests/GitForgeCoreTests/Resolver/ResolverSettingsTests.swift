import Foundation
import Testing
@testable import GitForgeCore

struct ResolverSettingsTests {
    private let github = ForgeSettings(type: .github, host: "github.com", repo: "o/r", remote: "origin", remoteURL: "")
    private let ghe = ForgeSettings(type: .github, host: "git.corp.example", repo: "o/r", remote: "origin", remoteURL: "")

    @Test func defaultsFollowTheForgeAndHost() throws {
        let s = try ResolverSettings(forge: github, config: .inMemory([:]))
        #expect(s.endpoint.apiURL.absoluteString == "https://api.github.com")
        #expect(s.endpoint.graphQLURL?.absoluteString == "https://api.github.com/graphql")
        #expect(s.pace == .milliseconds(750))
        #expect(s.refreshAge == 3600)
        #expect(s.associateLimit == 500)
        let enterprise = try ResolverSettings(forge: ghe, config: .inMemory([:]))
        #expect(enterprise.endpoint.apiURL.absoluteString == "https://git.corp.example/api/v3")
        #expect(enterprise.endpoint.graphQLURL?.absoluteString == "https://git.corp.example/api/graphql")
        let gitlab = ForgeSettings(type: .gitlab, host: "gitlab.example", repo: "g/p", remote: "origin", remoteURL: "")
        #expect(try ResolverSettings(forge: gitlab, config: .inMemory([:])).endpoint.apiURL.absoluteString == "https://gitlab.example/api/v4")
        let forgejo = ForgeSettings(type: .forgejo, host: "codeberg.org", repo: "o/r", remote: "origin", remoteURL: "")
        #expect(try ResolverSettings(forge: forgejo, config: .inMemory([:])).endpoint.apiURL.absoluteString == "https://codeberg.org/api/v1")
    }

    @Test func apiURLOverrideAndLoopbackHTTP() throws {
        let s = try ResolverSettings(forge: github, config: .inMemory(["forge.apiUrl": "http://127.0.0.1:8080/"]))
        #expect(s.endpoint.apiURL.absoluteString == "http://127.0.0.1:8080")
        #expect(s.endpoint.graphQLURL?.absoluteString == "http://127.0.0.1:8080/graphql")
        #expect(throws: ResolverConfigError.self) {
            try ResolverSettings(forge: github, config: .inMemory(["forge.apiUrl": "http://10.0.0.1/api/v3"]))
        }
        #expect(throws: ResolverConfigError.self) {
            try ResolverSettings(forge: github, config: .inMemory(["forge.apiUrl": "ftp://example.com"]))
        }
    }

    @Test func paceMustBeANonNegativeNumber() throws {
        #expect(try ResolverSettings(forge: github, config: .inMemory(["forge.paceMs": "0"])).pace == .zero)
        for bad in ["-1", "abc", "1.5", ""] {
            #expect(throws: ResolverConfigError.invalid(key: "forge.paceMs", value: bad,
                                                         expected: "a non-negative whole number of milliseconds")) {
                try ResolverSettings(forge: github, config: .inMemory(["forge.paceMs": bad]))
            }
        }
    }

    @Test(arguments: [("3600", 3600), ("90s", 90), ("30m", 1800), ("1h", 3600), ("2d", 172_800), ("1.hour", 3600),
                      ("2 hours", 7200), ("45 minutes", 2700), ("1w", 604_800)])
    func refreshAgeAcceptsGitStyleDurations(text: String, seconds: Int) {
        #expect(ResolverSettings.parseDuration(text) == seconds)
    }

    @Test(arguments: ["", "soon", "-5m", "1 fortnight", "5ms"])
    func refreshAgeRejectsOtherText(text: String) {
        #expect(ResolverSettings.parseDuration(text) == nil)
    }

    @Test func tokensComeFromTheForgesVariablesAndNeverPrint() {
        let env = ["GITHUB_TOKEN": "t-github", "GH_ENTERPRISE_TOKEN": "t-ghe", "GH_HOST": "git.corp.example",
                   "GITLAB_TOKEN": "t-gl", "FORGEJO_TOKEN": "t-fj", "FORGEJO_HOST": "gitea.example"]
        #expect(ForgeToken.find(for: github, environment: env, credentialHelper: false)?.value == "t-github")
        #expect(ForgeToken.find(for: ghe, environment: env, credentialHelper: false)?.value == "t-ghe")
        let gitea = ForgeSettings(type: .gitea, host: "gitea.example", repo: "o/r", remote: "origin", remoteURL: "")
        let token = ForgeToken.find(for: gitea, environment: env, credentialHelper: false)
        #expect(token?.value == "t-fj")
        #expect(token?.header(for: .gitea).value == "token t-fj")
        #expect("\(token!)" == "<token from FORGEJO_TOKEN>")
        #expect(ForgeToken.find(for: github, environment: [:], credentialHelper: false) == nil)
    }

    @Test func credentialFillGetsTheRequestOnStdin() throws {
        // A credential helper that answers only for github.com with the host it was asked about.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cred-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("gitconfig")
        try "[credential]\n\thelper = \"!f() { cat >/dev/null; echo username=x; echo password=from-helper; }; f\"\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let env = ["HOME": dir.path, "GIT_CONFIG_GLOBAL": config.path, "GIT_CONFIG_NOSYSTEM": "1",
                   "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let token = ForgeToken.find(for: github, environment: env)
        #expect(token?.value == "from-helper")
        #expect(token?.source == "git credential")
    }
}
