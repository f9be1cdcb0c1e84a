import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// `install`, `uninstall`, `publish` and `fetch` run in this process with an injected
/// `CommandContext`: every byte each stream gets, where nothing needs a resolver or a remote.
/// `InstallTests` and `ShareTests` keep what needs the real process (hooks git runs, a resolver
/// started, pushes and fetches).
struct InstallCommandTests {
    @Test func installWhereReferencesCannotBeResolvedWarnsOnStderrOnly() throws {
        // Given a repository with no remote
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        // When installing
        let out = try TestContext(repo).run { try InstallCommand.run($0, force: false, overwriteEdited: false) }
        // Then the hooks are in and the history read, stdout says so, and stderr alone says
        // why nothing will be resolved (no resolver was started to find out)
        let hooks = repo.path + "/.git/hooks"
        #expect(out == .init(status: 0,
                             stdout: "Installed post-commit, post-merge, post-rewrite, post-checkout in \(hooks).\n"
                                 + "Ingested 1 new commit; 1 new reference queued.\n",
                             stderr: "warning: references cannot be resolved: no remote configured; "
                                 + "add one with 'git remote add origin <url>'\n"
                                 + "hint: they stay queued; run 'git forge sync' once that is fixed\n"))
        #expect(HookInstaller(directory: hooks).isInstalled)
        #expect(!FileManager.default.fileExists(atPath: repo.forgeDirectory + "/resolver.pid"))
    }

    @Test func installWithForgeDisabledSaysTheHooksDoNothing() throws {
        let repo = try GitFixture()
        try repo.git("config", "forge.enabled", "false")
        let out = try TestContext(repo).run { try InstallCommand.run($0, force: false, overwriteEdited: false) }
        #expect(out.status == 0)
        #expect(out.stdout.hasSuffix("Ingested 0 new commits; 0 new references queued.\n"
            + "forge.enabled is false: the hooks do nothing until it is unset.\n"), "\(out.stdout)")
        #expect(out.stderr == "")
    }

    @Test func uninstallWhereNothingWasEverInstalledSaysSoAndCreatesNothing() throws {
        let repo = try GitFixture()
        try repo.commit("one")
        let hooks = repo.path + "/.git/hooks"
        let before = try repo.snapshot(hooks)
        for purge in [false, true] {
            let out = try TestContext(repo).run { try UninstallCommand.run($0, purge: purge) }
            #expect(out == .init(status: 0, stdout: "No git forge hooks in \(hooks).\n", stderr: ""), "purge: \(purge)")
        }
        #expect(try repo.snapshot(hooks) == before)
        #expect(!FileManager.default.fileExists(atPath: repo.forgeDirectory))
    }

    @Test func installThenUninstallPurgeSaysWhatItTookOut() throws {
        let repo = try GitFixture()
        try repo.git("config", "forge.enabled", "false")
        _ = try TestContext(repo).run { try InstallCommand.run($0, force: false, overwriteEdited: false) }
        let out = try TestContext(repo).run { try UninstallCommand.run($0, purge: true) }
        let hooks = repo.path + "/.git/hooks"
        #expect(out == .init(status: 0,
                             stdout: "Removed post-commit, post-merge, post-rewrite, post-checkout from \(hooks).\n"
                                 + "Deleted \(repo.forgeDirectory).\n",
                             stderr: ""))
        #expect(!HookInstaller(directory: hooks).isInstalled)
        #expect(!FileManager.default.fileExists(atPath: repo.forgeDirectory))
    }

    @Test func outsideARepositoryEachSaysOneErrorLine() throws {
        let commands: [(String, (CommandContext) throws -> Void)] = [
            ("install", { try InstallCommand.run($0, force: false, overwriteEdited: false) }),
            ("uninstall", { try UninstallCommand.run($0, purge: true) }),
            ("publish", { try PublishCommand.run($0, remote: nil, push: false) }),
            ("fetch", { try FetchCommand.run($0, remote: nil) }),
        ]
        for (name, command) in commands {
            let out = try TestContext(repository: nil).run(command)
            #expect(out == .init(status: 1, stdout: "",
                                 stderr: "error: not a git repository (or any of the parent directories)\n"), "\(name)")
        }
    }

    @Test func publishAndFetchWithoutAForgeRefuse() throws {
        let repo = try GitFixture()
        try repo.commit("one")
        let publish = try TestContext(repo).run { try PublishCommand.run($0, remote: nil, push: false) }
        let fetch = try TestContext(repo).run { try FetchCommand.run($0, remote: nil) }
        let reason = "no remote configured; add one with 'git remote add origin <url>'"
        #expect(publish == .init(status: 1, stdout: "", stderr: "error: cannot publish: \(reason)\n"))
        #expect(fetch == .init(status: 1, stdout: "", stderr: "error: cannot fetch the shared cache: \(reason)\n"))
    }
}
