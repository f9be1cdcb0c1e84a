import Foundation
import Testing
@testable import GitForgeCore
import GitForgeTestSupport

/// `git forge sync` run in this process with an injected `CommandContext`: its refusals, its word
/// on a resolver already running, and the log it prints. `SyncCLITests` and `Hooks/SyncTests`
/// keep what needs the real process (a resolver started or stopped, a run against a forge, exit
/// statuses).
struct SyncCommandTests {
    private func sync(_ repo: GitFixture, _ action: SyncCommand.Action) throws -> GitFixture.Output {
        try TestContext(repo).run { try SyncCommand.run($0, action) }
    }

    @Test(arguments: [
        ("no remote", "error: cannot resolve references: no remote configured; add one with 'git remote add origin <url>'\n"),
        ("unknown host", "error: cannot resolve references: unknown forge host 'git.corp.example'; "
            + "set 'git config forge.type github|gitlab|gitea|forgejo'\n"),
        ("bad pace", "error: bad config value '-5' for 'forge.paceMs': expected a non-negative whole number of milliseconds\n"),
    ])
    func withoutAForgeOrWithABadSettingEveryWayToResolveRefuses(setup: String, message: String) throws {
        let repo = try GitFixture()
        let forge = try FakeForge(.github)
        try repo.commit("one (#1)")
        switch setup {
        case "unknown host": try repo.git("remote", "add", "origin", "https://git.corp.example/team/tool.git")
        case "bad pace":
            try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
            try repo.git("config", "forge.apiUrl", forge.apiURL)
            try repo.git("config", "forge.paceMs", "-5")
        default: break
        }
        for action in [SyncCommand.Action.start, .foreground(limit: nil, rebuild: false), .foreground(limit: 1, rebuild: true)] {
            let out = try sync(repo, action)
            #expect(out == .init(status: 1, stdout: "", stderr: message), "\(action)")
        }
        // No resolver was started to find out, and the forge was not asked
        #expect(!ResolverControl(try Workspace(repository: Repository.open(at: repo.path)).location).isRunning)
        #expect(forge.requests.isEmpty)
        // What could be done without the forge was: the history is read
        let ingest = try TestContext(repo).run { try IngestCommand.run($0, json: false) }
        #expect(ingest.stdout.hasPrefix("Ingested 0 new commits (1 in store)"))
    }

    @Test func aResolverAlreadyRunningIsSaidAndLeftToIt() throws {
        let repo = try GitFixture()
        let forge = try FakeForge(.github)
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.git("config", "forge.apiUrl", forge.apiURL)
        try repo.commit("Fix crash (#4)")
        _ = try TestContext(repo).run { try IngestCommand.run($0, json: false) }
        let forgeDirectory = repo.path + "/.git/forge"
        let lock = try ResolverLockStandIn(forgeDirectory + "/resolver.pid")
        defer { lock.drop() }
        lock.write("4242 1700000000 -\n")

        let foreground = try sync(repo, .foreground(limit: nil, rebuild: false))
        let rebuild = try sync(repo, .foreground(limit: nil, rebuild: true))
        let start = try sync(repo, .start)

        #expect(foreground == .init(status: 0, stdout: "A background resolver is already running (pid 4242); see 'git forge status'.\n", stderr: ""))
        #expect(rebuild == .init(status: 0, stdout: "A background resolver is running (pid 4242); it will refetch everything.\n", stderr: ""))
        #expect(start == .init(status: 0, stdout: "A resolver is already running (PID 4242); log: \(forgeDirectory)/resolver.log\n", stderr: ""))
        #expect(forge.requests.isEmpty)
        // The log says why nothing ran here
        let log = try sync(repo, .log(follow: false))
        #expect(log.stdout.contains("sync --foreground: a resolver is already running (PID 4242); it picks up the work\n"), "\(log.stdout)")
    }

    @Test func stopAndLogWithNoResolverYet() throws {
        let repo = try GitFixture()
        try repo.commit("one")
        #expect(try sync(repo, .stop) == .init(status: 0, stdout: "No resolver is running.\n", stderr: ""))
        let log = repo.path + "/.git/forge/resolver.log"
        #expect(try sync(repo, .log(follow: false)).stdout == "The resolver has not written a log yet (\(log)).\n")
        // A log line is neutralised as forge text is: it may quote a forge's answer
        try FileManager.default.createDirectory(atPath: repo.path + "/.git/forge", withIntermediateDirectories: true)
        try Data("2026-01-01T00:00:00Z error: \u{1B}]0;pwned\u{07}title\n".utf8).write(to: URL(fileURLWithPath: log))
        #expect(try sync(repo, .log(follow: false)).stdout == "2026-01-01T00:00:00Z error: ^[]0;pwned^Gtitle\n")
        // Outside a repository: one error line
        let outside = try TestContext(repository: nil).run { try SyncCommand.run($0, .stop) }
        #expect(outside.status == 1 && outside.stdout.isEmpty && outside.stderr.hasPrefix("error: "))
    }
}
