import Testing
@testable import GitForgeCore

struct ConfigOverridesTests {
    @Test func parsesGitsQuotedParameters() {
        // What git 2.39 exports for: git -c forge.type=gitlab -c "user.name=O'Neil" -c core.bare
        let env = ["GIT_CONFIG_PARAMETERS": "'forge.type'='gitlab' 'user.name'='O'\\''Neil' 'core.bare'"]
        let overrides = ConfigOverrides.fromEnvironment(env)
        #expect(overrides.last("forge.type") == "gitlab")
        #expect(overrides.last("FORGE.Type") == "gitlab")
        #expect(overrides.last("user.name") == "O'Neil")
        #expect(overrides.last("core.bare") == "")
    }

    @Test func parsesOlderSingleWordSpellingAndNumberedVariables() {
        let env = ["GIT_CONFIG_PARAMETERS": "'forge.repo=a/b'",
                   "GIT_CONFIG_COUNT": "2",
                   "GIT_CONFIG_KEY_0": "forge.paceMs", "GIT_CONFIG_VALUE_0": "5",
                   "GIT_CONFIG_KEY_1": "forge.repo", "GIT_CONFIG_VALUE_1": "c/d"]
        let overrides = ConfigOverrides.fromEnvironment(env)
        #expect(overrides.last("forge.pacems") == "5")
        #expect(overrides.last("forge.repo") == "c/d", "later entries win")
    }

    @Test func subsectionsKeepTheirCase() {
        let overrides = ConfigOverrides([("Remote.Upstream.URL", "x")])
        #expect(overrides.last("remote.Upstream.url") == "x")
        #expect(overrides.last("remote.upstream.url") == nil)
    }

    @Test func typedValuesFollowGitSpelling() throws {
        let config = GitConfig.inMemory(["a.yes": "on", "a.no": "0", "a.bad": "maybe", "a.n": "2k", "a.x": "ten"])
        #expect(try config.bool("a.yes") == true)
        #expect(try config.bool("a.no") == false)
        #expect(throws: ConfigError.invalid(key: "a.bad", value: "maybe", expected: "a boolean")) {
            try config.bool("a.bad")
        }
        #expect(try config.int("a.n") == 2048)
        #expect(throws: ConfigError.self) { try config.int("a.x") }
    }
}
