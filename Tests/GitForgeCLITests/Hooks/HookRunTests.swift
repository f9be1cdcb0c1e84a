import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// Installed hooks in real git operations, and the detached work they start.
struct HookRunTests {
    private func installedRepo() throws -> (GitFixture, FakeForge) {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge()
        try repo.commit("initial (#1)")
        let out = try repo.install()
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Resolver started in the background (PID "))
        try repo.waitForLog("resolver exiting")
        return (repo, forge)
    }

    @Test func commitMergeRebaseAndCheckoutQueueReferencesAndRunTheResolver() throws {
        let (repo, forge) = try installedRepo()
        defer { withExtendedLifetime(forge) {} }
        let runsBefore = try #require(try repo.store().latestRun()).id

        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "fix #2")
        try repo.settle()
        #expect(repo.logCount("post-commit: ingested 1 new commit, 1 new reference queued") == 1)
        #expect(try repo.store().counts().resolved == 2, "drained against the fake forge")

        try repo.git("checkout", "-q", "-b", "topic")
        try repo.commit("topic work #3")
        try repo.git("checkout", "-q", "main")
        try repo.gitWithForge("merge", "-q", "--no-ff", "-m", "Merge pull request #4 from o/topic", "topic")
        try repo.settle()
        #expect(repo.logCount("post-merge: ingested 2 new commits, 2 new references queued") == 1)
        #expect(try repo.store().counts().resolved == 4, "drained against the fake forge")

        try repo.git("checkout", "-q", "topic")
        try repo.commit("more topic work #5")
        try repo.gitWithForge("rebase", "-q", "main")
        try repo.settle()
        #expect(repo.logCount("post-rewrite: ingested") == 1)
        let history = try repo.git("log", "--all", "--oneline")
        #expect(try repo.commitsMissingFromStore().isEmpty, "\(history)\n\(repo.log)")

        // A commit that fired no hook (as after a fetch) is picked up by the next checkout.
        let tree = try repo.git("rev-parse", "HEAD^{tree}")
        let orphan = try repo.git("commit-tree", tree, "-p", "HEAD", "-m", "made without hooks #6")
        try repo.git("branch", "plumbing", orphan)
        try repo.gitWithForge("checkout", "-q", "plumbing")
        try repo.settle()
        #expect(repo.log.hasSuffix("resolver exiting\n"))
        #expect(try repo.commitsMissingFromStore().isEmpty)
        #expect(try repo.store().counts().resolved == 6, "drained against the fake forge")
        #expect(try repo.store().counts().pending == 0)
        let last = try #require(try repo.store().latestRun())
        #expect(last.id >= runsBefore + 4)
        #expect(last.outcome == .completed)
        let status = try repo.statusJSON()
        let resolver = try #require(status["resolver"] as? [String: Any])
        #expect(resolver["running"] as? Bool == false)
        #expect(resolver["stale"] as? Bool == false)
        #expect(resolver["pid"] is NSNull)
        let progress = try #require(status["progress"] as? [String: Any])
        #expect(progress["done"] is NSNull && progress["etaSeconds"] is NSNull)
        let lastRun = try #require(status["lastRun"] as? [String: Any])
        #expect(lastRun["outcome"] as? String == "completed")
        #expect(!repo.log.contains("error"))
        #expect(try repo.forge("status").stdout.contains("Syncing:  Idle"))
    }

    @Test func fiftyHooksAtOnceRunOneResolverAtATime() throws {
        let (repo, forge) = try installedRepo()
        defer { withExtendedLifetime(forge) {} }
        for i in 2...6 { try repo.commit("change #\(i)") }
        var processes: [Process] = []
        for _ in 0..<50 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: GitForgeBinary.path)
            p.arguments = ["hook", "post-commit"]
            p.currentDirectoryURL = repo.root
            p.environment = repo.environment
            try p.run()
            processes.append(p)
        }
        for p in processes {
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
        }
        // Wait for the detached processes: each logs nothing, "already running", or a whole run.
        try repo.settle()
        let lines = repo.log.split(separator: "\n")
        #expect(!repo.log.contains("error"), "\(repo.log)")
        // Every "started" is followed by its own "exiting" before any other resolver starts.
        var holder: Substring?
        for line in lines {
            let pid = line.split(separator: " ")[1]
            if line.hasSuffix("pending") && line.contains("resolver started") {
                #expect(holder == nil, "two resolvers at once:\n\(repo.log)")
                holder = pid
            } else if line.hasSuffix("resolver exiting") {
                #expect(holder == pid)
                holder = nil
            }
        }
        #expect(repo.logCount("resolver started") >= 2)
        #expect(try repo.store().counts().commits == 6)
        #expect(ResolverLock.probe(StoreLocation(commonDirectory: repo.path + "/.git")) == nil)
    }

    @Test func afterTheForgeAskedForATokenHooksWaitAndSyncAsks() throws {
        let (repo, forge) = try installedRepo()
        defer { withExtendedLifetime(forge) {} }
        // Given: the repository turned private, and no token
        forge.hide("o/r")
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "private #2")
        try repo.waitForLog("resolver exiting", count: 2)
        #expect(repo.log.contains("error: GitHub shows no repository o/r without a token"), "\(repo.log)")
        let asked = forge.requests.count

        // When: the next commit's hook leaves the forge alone, and says why
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "still private #3")
        try repo.waitForLog("resolver exiting", count: 3)
        #expect(repo.logCount("hooks ask again after ") == 1, "\(repo.log)")
        #expect(forge.requests.count == asked)

        // Then: sync asks at once
        #expect(try repo.forge("sync").status == 0)
        try repo.waitForLog("resolver exiting", count: 4)
        #expect(forge.requests.count > asked)
        try repo.settle()
    }

    @Test func aKilledResolverLeavesNoLockAndIsReportedStale() throws {
        let (repo, forge) = try installedRepo()
        defer { withExtendedLifetime(forge) {} }
        let location = StoreLocation(commonDirectory: repo.path + "/.git")
        // The lock held (as a running resolver holds it) keeps every hook from starting one; the
        // file names a live process standing in for the resolver.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sleep")
        holder.arguments = ["20"]
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL) } }
        let lock = try ResolverLockStandIn(location.pidFile)
        defer { lock.drop() }
        lock.write("\(holder.processIdentifier) \(Int(Date().timeIntervalSince1970)) -\n")
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "while locked #7")
        let deadline = Date().addingTimeInterval(20)
        while repo.logCount("a resolver is already running") < 1 && Date() < deadline { usleep(20_000) }
        #expect(repo.logCount("a resolver is already running (PID \(holder.processIdentifier))") == 1)
        let running = try #require(try repo.statusJSON()["resolver"] as? [String: Any])
        #expect(running["running"] as? Bool == true)
        #expect(running["pid"] as? Int == Int(holder.processIdentifier))

        // Killed with -9: the kernel drops the lock; the PID file still names the dead process.
        lock.drop()
        kill(holder.processIdentifier, SIGKILL)
        let killedAt = Date()
        while PidRecord(pid: holder.processIdentifier).isAlive && Date().timeIntervalSince(killedAt) < 10 { usleep(10_000) }
        let stale = try #require(try repo.statusJSON()["resolver"] as? [String: Any])
        #expect(stale["running"] as? Bool == false)
        #expect(stale["stale"] as? Bool == true)
        #expect(try repo.forge("status").stdout.contains("stale"))

        let exits = repo.logCount("resolver exiting")
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "after the kill #8")
        try repo.waitForLog("resolver exiting", count: exits + 1)
        let after = try #require(try repo.statusJSON()["resolver"] as? [String: Any])
        #expect(after["stale"] as? Bool == false)
        #expect(try repo.store().counts().resolved == 3, "drained against the fake forge")
    }

    @Test func disabledOrMissingGitForgeMakesHooksSilentNoOps() throws {
        let (repo, forge) = try installedRepo()
        defer { withExtendedLifetime(forge) {} }
        let lines = repo.log.count
        try repo.git("config", "forge.enabled", "false")
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "disabled #10")
        usleep(700_000)
        #expect(repo.log.count == lines)
        #expect(try repo.store().counts().commits == 1)

        try repo.git("config", "--unset", "forge.enabled")
        let hook = try repo.run("/bin/sh", [repo.path + "/.git/hooks/post-commit"], env: ["PATH": "/usr/bin:/bin"])
        #expect(hook.status == 0)
        #expect(hook.stdout.isEmpty && hook.stderr.isEmpty)
        usleep(300_000)
        #expect(repo.log.count == lines)
    }

    @Test func chainedUserHooksKeepStdinArgumentsOutputAndStatus() throws {
        let repo = try GitFixture()
        let hooks = repo.path + "/.git/hooks"
        let seen = repo.root.deletingLastPathComponent().appendingPathComponent("seen").path
        try Data("#!/bin/sh\necho \"user post-commit $#\"\nexit 3\n".utf8)
            .write(to: URL(fileURLWithPath: hooks + "/post-commit"))
        try Data("#!/bin/sh\necho \"args: $*\" > '\(seen)'\ncat >> '\(seen)'\necho rewritten >&2\n".utf8)
            .write(to: URL(fileURLWithPath: hooks + "/post-rewrite"))
        chmod(hooks + "/post-commit", 0o755)
        chmod(hooks + "/post-rewrite", 0o755)
        #expect(try repo.install().status == 0)

        let direct = try repo.run("/bin/sh", [hooks + "/post-commit", "a", "b"], env: ["PATH": forgePATH])
        #expect(direct.status == 3)
        #expect(direct.stdout == "user post-commit 2\n")

        let commit = try repo.run("/usr/bin/git", ["commit", "--allow-empty", "-m", "one #1"], env: ["PATH": forgePATH])
        #expect(commit.stderr.contains("user post-commit 0"))  // git sends hook output to stderr
        let old = try repo.git("rev-parse", "HEAD")
        let amend = try repo.run("/usr/bin/git", ["commit", "-q", "--amend", "--allow-empty", "-m", "one, amended #1"],
                                 env: ["PATH": forgePATH])
        #expect(amend.stderr.contains("rewritten"))
        let new = try repo.git("rev-parse", "HEAD")
        #expect(try String(contentsOfFile: seen, encoding: .utf8) == "args: amend\n\(old) \(new)\n")
        // post-commit and post-rewrite race to ingest the amended commit: either may find it new.
        try repo.waitForLog("post-rewrite: ingested ")
    }

    @Test func aChainedBashHookSeesItsNameAndRunsUnderTheSourcedGuard() throws {
        // A bash hook that runs its main only when executed (`BASH_SOURCE[0] == $0`), dispatches
        // on its own name and reads a file beside it, as pre-commit's and hand-made hooks do
        let repo = try GitFixture()
        let hooks = repo.path + "/.git/hooks"
        let seen = repo.scratch.appendingPathComponent("seen").path
        try Data("beside\n".utf8).write(to: URL(fileURLWithPath: hooks + "/settings"))
        let hook = """
            #!/usr/bin/env bash
            main() {
                echo "main ${0##*/} $# $(cat "$(dirname "$0")/settings") $(cat)" >> '\(seen)'
                exit 3
            }
            [[ "${BASH_SOURCE[0]}" == "$0" ]] && main "$@"
            echo "guard skipped main" >> '\(seen)'

            """
        try Data(hook.utf8).write(to: URL(fileURLWithPath: hooks + "/post-rewrite"))
        chmod(hooks + "/post-rewrite", 0o755)
        #expect(try repo.install().status == 0)

        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "one #1")
        let old = try repo.git("rev-parse", "HEAD")
        let tmp = repo.scratch.appendingPathComponent("tmp").path
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        try repo.gitWithForge("commit", "-q", "--amend", "--allow-empty", "-m", "one, amended #1", env: ["TMPDIR": tmp])
        let new = try repo.git("rev-parse", "HEAD")
        // Its arguments, stdin and the file beside it reach it, under its own name
        #expect(try String(contentsOfFile: seen, encoding: .utf8) == "main post-rewrite 1 beside \(old) \(new)\n")
        // And the private directory it ran from is gone
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
        try repo.settle()
    }

    @Test func chainedHooksThatLookAtTheirOwnNameStillSeeIt() throws {
        // One sh script linked as several hooks, dispatching on its name (as hand-made setups and
        // husky's stubs do), and a bash hook that reads its name and stdin.
        let repo = try GitFixture()
        let hooks = repo.path + "/.git/hooks"
        let seen = repo.scratch.appendingPathComponent("seen").path
        let dispatch = """
            #!/bin/sh
            case "$(basename "$0")" in
            post-commit) echo "dispatched post-commit $#" >> '\(seen)' ;;
            *) echo "unknown $(basename "$0")" >> '\(seen)'; exit 1 ;;
            esac

            """
        try Data(dispatch.utf8).write(to: URL(fileURLWithPath: hooks + "/dispatch"))
        chmod(hooks + "/dispatch", 0o755)
        try FileManager.default.createSymbolicLink(atPath: hooks + "/post-commit", withDestinationPath: "dispatch")
        let rewrite = "#!/usr/bin/env bash\necho \"bash ${0##*/}: $(cat)\" >> '\(seen)'\n"
        try Data(rewrite.utf8).write(to: URL(fileURLWithPath: hooks + "/post-rewrite"))
        chmod(hooks + "/post-rewrite", 0o755)
        #expect(try repo.install().status == 0)

        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "one #1")
        let old = try repo.git("rev-parse", "HEAD")
        try repo.gitWithForge("commit", "-q", "--amend", "--allow-empty", "-m", "one, amended #1")
        let new = try repo.git("rev-parse", "HEAD")
        let lines = try String(contentsOfFile: seen, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == ["dispatched post-commit 0", "dispatched post-commit 0", "bash post-rewrite: \(old) \(new)"])
        try repo.settle()
    }

    /// No forge to ask: hooks ingest and start no resolver; the log says why once per reason.
    @Test func hooksWithNoForgeIngestAndSayWhyOncePerReason() throws {
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        let out = try repo.install()
        #expect(out.status == 0, "\(out.stderr)")
        try repo.settle()

        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "two #2")
        try repo.settle()
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "three #3")
        try repo.settle()
        #expect(repo.logCount("post-commit: ingested 1 new commit, 1 new reference queued") == 2, "\(repo.log)")
        let noRemote = "post-commit: not resolving: cannot resolve references: no remote configured"
        #expect(repo.logCount(noRemote) == 1, "\(repo.log)")
        #expect(!repo.log.contains("resolver started") && !repo.log.contains("error"), "\(repo.log)")
        #expect(try repo.commitsMissingFromStore().isEmpty)
        #expect(try repo.store().counts().pending == 3)

        // A new reason is said once more
        try repo.git("remote", "add", "origin", "https://git.corp.example/team/tool.git")
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "four #4")
        try repo.settle()
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "five #5")
        try repo.settle()
        #expect(repo.logCount("not resolving: cannot resolve references: unknown forge host 'git.corp.example'") == 1,
                "\(repo.log)")
        #expect(repo.logCount("post-commit: not resolving") == 2, "\(repo.log)")
        #expect(!repo.log.contains("resolver started"), "\(repo.log)")
    }
}
