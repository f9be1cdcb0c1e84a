import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// `git forge install` / `uninstall`: where the hooks go, what they keep, what they give back.
struct InstallTests {
    @Test func embeddedScriptsAreTheFilesInHooksFolder() throws {
        let hooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("hooks")
        let files = try FileManager.default.contentsOfDirectory(atPath: hooks.path).sorted()
        #expect(files == HookScripts.names.sorted())
        for name in HookScripts.names {
            let onDisk = try String(contentsOf: hooks.appendingPathComponent(name), encoding: .utf8)
            #expect(HookScripts.script(name) == onDisk)
            #expect(HookScripts.isOurs(onDisk, name: name))
        }
    }

    @Test func installTwiceThenUninstallRestoresByteForByte() throws {
        // Given a user's post-commit (unusual mode), a symlinked post-merge and the samples
        let repo = try GitFixture()
        let hooks = repo.path + "/.git/hooks"
        try Data("#!/bin/sh\necho mine\n".utf8).write(to: URL(fileURLWithPath: hooks + "/post-commit"))
        chmod(hooks + "/post-commit", 0o750)
        try FileManager.default.createSymbolicLink(atPath: hooks + "/post-merge", withDestinationPath: "post-commit")
        let before = try repo.snapshot(hooks)

        // When installing twice
        let first = try repo.install()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Installed post-commit, post-merge, post-rewrite, post-checkout"))
        let installed = try repo.snapshot(hooks)
        let second = try repo.install()
        #expect(second.stdout.contains("Hooks already installed"))
        #expect(try repo.snapshot(hooks) == installed)
        #expect(installed["post-commit.forge-chained"] == before["post-commit"])
        #expect(installed["post-merge.forge-chained"] == before["post-merge"])
        #expect(HookInstaller(directory: hooks).isInstalled)

        // Then uninstall gives back exactly what was there (once the resolvers that install
        // started have exited: one still starting would make the directory again after --purge)
        try repo.settle()
        let removed = try repo.forge("uninstall")
        #expect(removed.status == 0)
        #expect(try repo.snapshot(hooks) == before)
        #expect(FileManager.default.fileExists(atPath: repo.forgeDirectory))
        #expect(try repo.forge("uninstall", "--purge").status == 0)
        #expect(!FileManager.default.fileExists(atPath: repo.forgeDirectory))
    }

    @Test func localCoreHooksPathIsWhereHooksGo() throws {
        let repo = try GitFixture()
        try repo.git("config", "core.hooksPath", "tools/githooks")
        #expect(try repo.install().status == 0)
        #expect(HookInstaller(directory: repo.path + "/tools/githooks").isInstalled)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/post-commit"))
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "via hooksPath #4")
        try repo.waitForLog("post-commit: ingested 1 new commit")
    }

    @Test func theLineGivenToHookManagersReturnsAtOnce() throws {
        // A hook manager runs the one line `install` gives it in the foreground and waits for it
        // (husky, lefthook, pre-commit, a global core.hooksPath): it must hand off like our hooks.
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge()
        defer { withExtendedLifetime(forge) {} }
        forge.inject(.slow(.seconds(4)), times: 3)
        let hook = repo.path + "/.git/hooks/post-commit"
        try ("#!/bin/sh\n" + HookOwner.shellLine + "\n").write(toFile: hook, atomically: true, encoding: .utf8)
        chmod(hook, 0o755)
        let clock = ContinuousClock()
        let took = try clock.measure { try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "fix #2") }
        // Waiting for the resolver would take the forge's 4 s; handing off, ~50 ms (debug build).
        #expect(took < .seconds(3), "git commit waited \(took) for git forge")
        try repo.waitForLog("post-commit: ingested 1 new commit")
        try repo.settle()
    }

    @Test func configurationFilesAreTheOnesGitReads() throws {
        // GIT_CONFIG_GLOBAL, GIT_CONFIG_SYSTEM and a worktree's config.worktree, which libgit2 1.5
        // does not read on its own.
        let repo = try GitFixture()
        let global = repo.scratch.appendingPathComponent("global.cfg").path
        try "[core]\n\thooksPath = \(repo.home.path)/shared-hooks\n".write(toFile: global, atomically: true, encoding: .utf8)
        let refused = try repo.run(GitForgeBinary.path, ["install"], env: ["GIT_CONFIG_GLOBAL": global])
        #expect(refused.status == 1 && refused.stderr.hasPrefix("error: core.hooksPath is set in your global configuration"),
                "\(refused.stderr)")

        let system = repo.scratch.appendingPathComponent("system.cfg").path
        try "[forge]\n\tenabled = false\n".write(toFile: system, atomically: true, encoding: .utf8)
        let disabled = try repo.run(GitForgeBinary.path, ["install"], env: ["GIT_CONFIG_SYSTEM": system])
        #expect(disabled.stdout.contains("forge.enabled is false"), "\(disabled.stdout)\(disabled.stderr)")
        let noSystem = try repo.run(GitForgeBinary.path, ["install"],
                                    env: ["GIT_CONFIG_SYSTEM": system, "GIT_CONFIG_NOSYSTEM": "1"])
        #expect(noSystem.status == 0 && !noSystem.stdout.contains("forge.enabled is false"), "\(noSystem.stdout)")
        try repo.settle()

        try repo.git("config", "extensions.worktreeConfig", "true")
        try repo.git("config", "--worktree", "forge.enabled", "false")
        let byWorktree = try repo.install()
        #expect(byWorktree.stdout.contains("forge.enabled is false"), "\(byWorktree.stdout)\(byWorktree.stderr)")
        try repo.settle()
    }

    @Test func purgeStopsAResolverStuckInARequest() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge()
        defer { withExtendedLifetime(forge) {} }
        forge.inject(.slow(.seconds(30)), times: 10)
        try repo.commit("fix #2")
        #expect(try repo.install().status == 0)
        let location = StoreLocation(commonDirectory: repo.path + "/.git")
        let deadline = Date().addingTimeInterval(20)
        var resolver = ResolverLock.probe(location)
        while resolver == nil || forge.requests.isEmpty {
            guard Date() < deadline else { throw FixtureError.failed("no resolver request:\n\(repo.log)") }
            usleep(20_000)
            resolver = ResolverLock.probe(location)
        }
        let clock = ContinuousClock()
        var out: GitFixture.Output?
        let took = try clock.measure { out = try repo.forge("uninstall", "--purge") }
        #expect(out?.status == 0, "\(out?.stderr ?? "")")
        // SIGTERM would be answered after the 30 s request; the resolver is killed after 2 s.
        #expect(took < .seconds(10), "purge took \(took)")
        #expect(resolver.map { !$0.isAlive } == true)
        #expect(!FileManager.default.fileExists(atPath: repo.forgeDirectory))
    }

    @Test func editsToOurHooksAreKeptAndEveryEarlierVersionIsKnown() throws {
        let repo = try GitFixture()
        #expect(try repo.install().status == 0)
        try repo.settle()
        let hook = repo.path + "/.git/hooks/post-commit"
        let edited = try String(contentsOfFile: hook, encoding: .utf8) + "echo mine\n"
        try edited.write(toFile: hook, atomically: true, encoding: .utf8)
        let again = try repo.install()
        #expect(again.stdout.contains("Left post-commit alone: it was edited since install "
                                      + "('git forge install --overwrite-edited' writes it again)"), "\(again.stdout)")
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == edited)
        // --force is about whose directory it is, not about the user's lines
        #expect(try repo.install("--force").status == 0)
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == edited)
        let removed = try repo.forge("uninstall")
        #expect(removed.stdout.contains("Left post-commit alone: it was edited since install"), "\(removed.stdout)")
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == edited)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/post-merge"))

        // Every version of the scripts in this repository's history is recognised, so an
        // upgrade rewrites an unedited older hook (a shallow clone checks what it has).
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        for name in HookScripts.names {
            let log = try repo.run("/usr/bin/git", ["-C", source, "log", "--format=%H", "--", "hooks/" + name])
            for commit in log.stdout.split(separator: "\n") {
                let old = try repo.run("/usr/bin/git", ["-C", source, "show", "\(commit):hooks/\(name)"])
                #expect(HookScripts.isUnedited(old.stdout, name: name), "hooks/\(name) at \(commit) is not in earlierVersions")
            }
        }
    }

    @Test func overwriteEditedWritesOverAnEditedHook() throws {
        let repo = try GitFixture()
        #expect(try repo.install().status == 0)
        try repo.settle()
        let hook = repo.path + "/.git/hooks/post-commit"
        try (try String(contentsOfFile: hook, encoding: .utf8) + "echo mine\n").write(toFile: hook, atomically: true, encoding: .utf8)
        let out = try repo.install("--overwrite-edited")
        #expect(out.status == 0, "\(out.stderr)")
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == HookScripts.script("post-commit"))
        try repo.settle()
    }

    @Test func aHookThatCannotBeWrittenLeavesTheUsersHookInPlace() throws {
        // Given a hook of the user's, and an install whose writes fail (no room: a file size
        // limit of 0, its signal ignored so write() reports EFBIG)
        let repo = try GitFixture()
        let hooks = repo.path + "/.git/hooks"
        let mine = "#!/bin/sh\necho mine\n"
        try mine.write(toFile: hooks + "/post-commit", atomically: true, encoding: .utf8)
        chmod(hooks + "/post-commit", 0o755)
        let out = try repo.run("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 0; exec git-forge install"], env: ["PATH": forgePATH])
        // Then install fails on one line, and the user's hook is where it was, with nothing beside it
        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("error: cannot write '\(hooks)/post-commit'"), "\(out.stderr)")
        #expect(try String(contentsOfFile: hooks + "/post-commit", encoding: .utf8) == mine)
        let entries = try FileManager.default.contentsOfDirectory(atPath: hooks)
        #expect(!entries.contains { $0.hasPrefix("post-commit.") }, "\(entries)")
    }

    @Test func theTemporaryHookNeverFollowsALinkLeftInItsPlace() throws {
        // Given a link where a fixed temporary name would be, pointing at a file of the user's
        let repo = try GitFixture()
        let victim = repo.path + "/victim"
        try "untouched\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/.git/hooks/post-commit.forge-tmp",
                                                   withDestinationPath: victim)
        // When installing
        #expect(try repo.install().status == 0)
        try repo.settle()
        // Then the file it points at is untouched
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "untouched\n")
        #expect(HookInstaller(directory: repo.path + "/.git/hooks").isInstalled)
    }

    @Test func installingAgainRestoresAHookThatLostItsExecuteBit() throws {
        let repo = try GitFixture()
        #expect(try repo.install().status == 0)
        try repo.settle()
        let hook = repo.path + "/.git/hooks/post-commit"
        chmod(hook, 0o644)
        let again = try repo.install()
        #expect(again.stdout.contains("Installed post-commit in"), "\(again.stdout)")
        let mode = try FileManager.default.attributesOfItem(atPath: hook)[.posixPermissions] as? Int
        #expect(mode == 0o755)
        try repo.settle()
    }

    @Test func aRepositoryWhosePathMentionsHuskyIsNotHuskys() throws {
        let outer = try GitFixture()
        let inner = outer.scratch.appendingPathComponent(".husky-old/app")
        try outer.git("init", "-q", "-b", "main", inner.path)
        let repo = GitFixture(existing: inner, home: outer.home)
        let out = try repo.install()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(HookInstaller(directory: inner.path + "/.git/hooks").isInstalled)
        try repo.settle()
    }

    @Test func globalHooksPathAndHookManagersAreNotWrittenSilently() throws {
        let repo = try GitFixture()
        let global = repo.home.appendingPathComponent("global-hooks").path
        try repo.git("config", "--global", "core.hooksPath", global)
        let refused = try repo.install()
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("error: core.hooksPath is set in your global configuration"))
        #expect(refused.stderr.contains("hint:   " + HookOwner.shellLine))
        #expect(!FileManager.default.fileExists(atPath: global))
        #expect(try repo.install("--force").status == 0)
        #expect(HookInstaller(directory: global).isInstalled)

        let husky = try GitFixture()
        try FileManager.default.createDirectory(atPath: husky.path + "/.husky/_", withIntermediateDirectories: true)
        try husky.git("config", "core.hooksPath", ".husky/_")
        let out = try husky.install()
        #expect(out.status == 1)
        #expect(out.stderr.contains("husky"))
        #expect(out.stderr.contains(".husky/post-commit"))
        #expect(!HookInstaller(directory: husky.path + "/.git/hooks").isInstalled)

        let lefthook = try GitFixture()
        try Data("pre-commit: {}\n".utf8).write(to: lefthook.root.appendingPathComponent("lefthook.yml"))
        try Self.lefthookScript.write(to: lefthook.root.appendingPathComponent(".git/hooks/pre-commit"))
        let left = try lefthook.install()
        #expect(left.status == 1)
        #expect(left.stderr.contains("lefthook manages this repository's hooks (lefthook.yml)"))
        #expect(left.stderr.contains("post-rewrite: {commands: {git-forge: {run: git forge hook post-rewrite}}}"))

        let preCommit = try GitFixture()
        try Data("repos: []\n".utf8).write(to: preCommit.root.appendingPathComponent(".pre-commit-config.yaml"))
        try Self.preCommitScript.write(to: preCommit.root.appendingPathComponent(".git/hooks/pre-commit"))
        let pre = try preCommit.install()
        #expect(pre.status == 1)
        #expect(pre.stderr.contains("pre-commit manages this repository's hooks"), "\(pre.stderr)")
        #expect(!HookInstaller(directory: preCommit.path + "/.git/hooks").isInstalled)
    }

    /// The heads of the scripts `lefthook install` and `pre-commit install` write.
    private static let lefthookScript = Data("""
        #!/bin/sh

        if [ "$LEFTHOOK" = "0" ]; then
          exit 0
        fi

        call_lefthook()
        {
          lefthook "$@"
        }

        call_lefthook run "pre-commit" "$@"

        """.utf8)
    private static let preCommitScript = Data("""
        #!/usr/bin/env bash
        # File generated by pre-commit: https://pre-commit.com
        # ID: 138fd403232d2ddd5efb44317e38bf03
        exec pre-commit hook-impl --config=.pre-commit-config.yaml --hook-type=pre-commit -- "$@"

        """.utf8)

    @Test func aLefthookOrPreCommitConfigWhoseHooksAreNotInstalledIsNotInTheWay() throws {
        // Given the managers' config files, but none of their scripts where git runs hooks
        // (a fresh clone before `lefthook install` / `pre-commit install`)
        let lefthook = try GitFixture()
        try Data("pre-commit: {}\n".utf8).write(to: lefthook.root.appendingPathComponent("lefthook.yml"))
        let preCommit = try GitFixture()
        try Data("repos: []\n".utf8).write(to: preCommit.root.appendingPathComponent(".pre-commit-config.yaml"))
        // Or their scripts in a folder git does not run hooks from
        let elsewhere = try GitFixture()
        try Data("pre-commit: {}\n".utf8).write(to: elsewhere.root.appendingPathComponent("lefthook.yml"))
        try Self.lefthookScript.write(to: elsewhere.root.appendingPathComponent(".git/hooks/pre-commit"))
        try FileManager.default.createDirectory(atPath: elsewhere.path + "/.githooks", withIntermediateDirectories: true)
        try elsewhere.git("config", "core.hooksPath", ".githooks")
        // When installing, Then the hooks go where git runs them
        for (repo, hooks) in [(lefthook, lefthook.path + "/.git/hooks"), (preCommit, preCommit.path + "/.git/hooks"),
                              (elsewhere, elsewhere.path + "/.githooks")] {
            let out = try repo.install()
            #expect(out.status == 0, "\(out.stderr)")
            #expect(!out.stderr.contains("manages"), "\(out.stderr)")
            #expect(HookInstaller(directory: hooks).isInstalled)
            try repo.settle()
        }
    }

    @Test func aHuskyFolderGitDoesNotRunHooksFromIsNotHuskys() throws {
        // Given .husky/ but core.hooksPath unset (git runs .git/hooks) or pointing elsewhere
        let unset = try GitFixture()
        try FileManager.default.createDirectory(atPath: unset.path + "/.husky/_", withIntermediateDirectories: true)
        let elsewhere = try GitFixture()
        try FileManager.default.createDirectory(atPath: elsewhere.path + "/.husky/_", withIntermediateDirectories: true)
        try elsewhere.git("config", "core.hooksPath", ".githooks")
        // When installing, Then the hooks go where git runs them
        for (repo, hooks) in [(unset, unset.path + "/.git/hooks"), (elsewhere, elsewhere.path + "/.githooks")] {
            let out = try repo.install()
            #expect(out.status == 0, "\(out.stderr)")
            #expect(!out.stderr.contains("husky"))
            #expect(HookInstaller(directory: hooks).isInstalled)
            try repo.settle()
        }
    }

    @Test func installIntoATrackedHooksFolderSaysItChangedTrackedFiles() throws {
        // Given a hooks folder committed to the project, with a post-commit hook of its own
        let repo = try GitFixture()
        let folder = repo.root.appendingPathComponent(".githooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("#!/bin/sh\necho lint\n".utf8).write(to: folder.appendingPathComponent("post-commit"))
        try repo.git("add", ".githooks")
        try repo.git("commit", "-q", "-m", "Share our hooks")
        try repo.git("config", "core.hooksPath", ".githooks")
        // When git forge installs there
        let out = try repo.install()
        // Then it says that a file git tracks changed, and names it (the new ones are not tracked)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr.contains("warning: changed a file git tracks: .githooks/post-commit\n"), "\(out.stderr)")
        #expect(!out.stderr.contains("post-merge"))
        // And with --overwrite-edited over tracked copies of ours, edited, every one is named
        try repo.git("add", ".githooks")
        try repo.git("commit", "-q", "-m", "Share git forge's hooks")
        for name in HookScripts.names {
            let file = folder.appendingPathComponent(name)
            try Data((try String(contentsOf: file, encoding: .utf8) + "# edited\n").utf8).write(to: file)
        }
        try repo.git("commit", "-q", "-am", "Edit them")
        let forced = try repo.install("--overwrite-edited")
        #expect(forced.status == 0, "\(forced.stderr)")
        let names = HookScripts.names.map { ".githooks/\($0)" }.joined(separator: ", ")
        #expect(forced.stderr.contains("warning: changed files git tracks: \(names)\n"), "\(forced.stderr)")
        // And an install that changes nothing says nothing
        #expect(!(try repo.install()).stderr.contains("git tracks"))
        try repo.settle()
    }

    @Test(arguments: [
        ("", "no remote configured; add one with 'git remote add origin <url>'"),
        ("https://git.corp.example/team/tool.git", "unknown forge host 'git.corp.example'; set 'git config forge.type github|gitlab|gitea|forgejo'"),
        ("https://github.com/o/r.git forge.paceMs=fast", "bad config value 'fast' for 'forge.paceMs': expected a non-negative whole number of milliseconds"),
    ])
    func installSaysWhenReferencesCannotBeResolved(setup: String, reason: String) throws {
        // Given a repository whose resolver cannot run
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        let parts = setup.split(separator: " ").map(String.init)
        if let url = parts.first { try repo.git("remote", "add", "origin", url) }
        if parts.count == 2 {
            let kv = parts[1].split(separator: "=").map(String.init)
            try repo.git("config", kv[0], kv[1])
        }
        // When installing
        let out = try repo.install()
        // Then the hooks are in and the history read, and it says why nothing will be resolved
        #expect(out.status == 0)
        #expect(HookInstaller(directory: repo.path + "/.git/hooks").isInstalled)
        #expect(out.stdout.contains("Ingested 1 new commit; 1 new reference queued."))
        #expect(!out.stdout.contains("Resolver started"))
        #expect(out.stderr == "warning: references cannot be resolved: \(reason)\n"
            + "hint: they stay queued; run 'git forge sync' once that is fixed\n")
        try repo.settle()
    }

    @Test func linkedWorktreeInstallsIntoTheCommonHooks() throws {
        let repo = try GitFixture()
        try repo.commit("base")
        let other = repo.root.deletingLastPathComponent().appendingPathComponent("wt")
        try repo.git("worktree", "add", "-q", other.path, "-b", "side")
        let worktree = GitFixture(existing: other, home: repo.home)
        defer { withExtendedLifetime(worktree) {} }
        let out = try worktree.install()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(HookInstaller(directory: repo.path + "/.git/hooks").isInstalled)
        try worktree.gitWithForge("commit", "-q", "--allow-empty", "-m", "from the worktree (#9)")
        try repo.waitForLog("post-commit: ingested 1 new commit")
        #expect(try repo.store().counts().commits == 2)
    }
}
