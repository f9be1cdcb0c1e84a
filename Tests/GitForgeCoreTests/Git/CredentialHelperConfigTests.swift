import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `status` starts `git credential fill` only when a helper is configured (see
/// `GitConfig.hasCredentialHelper`): a helper that is missed would report "no token" wrongly.
struct CredentialHelperConfigTests {
    @Test func aURLScopedHelperInTheRepositoryCounts() throws {
        // Given a helper configured only for one host, in the repository's own config
        let repo = try GitFixture()
        try repo.git("config", "credential.https://github.com.helper", "store")
        // When / Then
        #expect(try Repository.open(at: repo.path).config().hasCredentialHelper(forHost: "github.com"))
    }

    @Test func helpersForOtherHostsOrSchemesDoNotCount() {
        let other = ["credential.https://source.developers.google.com.helper": "gcloud.sh"]
        #expect(!GitConfig.inMemory(other).hasCredentialHelper(forHost: "github.com"))
        #expect(GitConfig.inMemory(other).hasCredentialHelper(forHost: "source.developers.google.com"))
        #expect(!GitConfig.inMemory(["credential.http://github.com.helper": "x"]).hasCredentialHelper(forHost: "github.com"))
        #expect(GitConfig.inMemory(["credential.https://octo@GitHub.com:443/a.helper": "x"]).hasCredentialHelper(forHost: "github.com"))
        #expect(GitConfig.inMemory(["credential.https://*.example.com.helper": "x"]).hasCredentialHelper(forHost: "git.example.com"))
    }

    @Test func commandLineHelpersCountAndEmptyOnesDoNot() {
        #expect(GitConfig.inMemory(["credential.helper": "cache"]).hasCredentialHelper(forHost: "github.com"))
        #expect(GitConfig.inMemory(["Credential.HELPER": "cache"]).hasCredentialHelper(forHost: "github.com"))
        #expect(!GitConfig.inMemory(["credential.helper": ""]).hasCredentialHelper(forHost: "github.com"))
        #expect(!GitConfig.inMemory(["credential.username": "octo"]).hasCredentialHelper(forHost: "github.com"))
        #expect(!GitConfig.inMemory([:]).hasCredentialHelper(forHost: "github.com"))
    }
}
