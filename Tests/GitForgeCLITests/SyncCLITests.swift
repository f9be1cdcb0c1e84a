import Foundation
import Testing
import GitForgeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `git forge sync --foreground` and the resolver fields of `status`, through the real binary.
struct SyncCLITests {
    static let token = "ghp_CLItokenNeverPrinted0123456789"

    private func repoWithForge() throws -> (GitFixture, FakeForge) {
        let repo = try GitFixture()
        let forge = try FakeForge(.github, token: Self.token)
        forge.add(repo: "o/r", items: FakeForgeItem.generate(count: 20))
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.git("config", "forge.apiUrl", forge.apiURL)
        try repo.git("config", "forge.paceMs", "0")
        try repo.commit("Merge pull request #2 from o/topic")
        try repo.commit("Fix crash (#4), closes #3, see #10")
        return (repo, forge)
    }

    @Test func foregroundSyncResolvesAndStatusShowsTheRun() throws {
        let (repo, forge) = try repoWithForge()

        let sync = try repo.forge("sync", "--foreground", env: ["GH_TOKEN": Self.token])

        #expect(sync.status == 0)
        #expect(sync.stdout.hasPrefix("Resolved "))
        #expect(!sync.stdout.contains(Self.token) && !sync.stderr.contains(Self.token))
        #expect(forge.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.token)" })
        let status = try repo.forge("status", "--json", env: ["GH_TOKEN": Self.token])
        #expect(!status.stdout.contains(Self.token))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect((json["refs"] as? [String: Int]) == ["pending": 0, "resolved": 3, "failed": 1, "notFound": 1, "unreadable": 0, "deferred": 0])
        let forgeJSON = try #require(json["forge"] as? [String: Any])
        #expect(forgeJSON["apiUrl"] as? String == forge.apiURL)
        #expect(forgeJSON["token"] as? Bool == true)
        let run = try #require(json["lastRun"] as? [String: Any])
        #expect(run["outcome"] as? String == "completed")
        #expect(run["error"] is NSNull)
        #expect(run["requests"] as? Int == forge.requests.count)
        #expect((run["startedAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } != nil)
        #expect(run["finishedAt"] is String)

        let anonymous = try repo.forge("status", "--json")
        let forge2 = try #require((try JSONSerialization.jsonObject(with: Data(anonymous.stdout.utf8)) as? [String: Any])?["forge"] as? [String: Any])
        #expect(forge2["token"] as? Bool == false)
    }

    @Test func statusBeforeAnyRunHasANullLastRun() throws {
        let (repo, _) = try repoWithForge()
        let out = try repo.forge("status", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(json["lastRun"] is NSNull)
    }

    @Test func stopSignalsOnlyAResolverThatHoldsTheLock() throws {
        // Given a PID file left by a killed resolver, whose PID now belongs to another process
        let (repo, _) = try repoWithForge()
        _ = try repo.forge("ingest")
        let other = Process()
        other.executableURL = URL(fileURLWithPath: "/bin/sleep")
        other.arguments = ["30"]
        try other.run()
        defer { kill(other.processIdentifier, SIGKILL) }
        try Data("\(other.processIdentifier) \(Int(Date().timeIntervalSince1970)) -\n".utf8)
            .write(to: URL(fileURLWithPath: repo.path + "/.git/forge/resolver.pid"))
        // When the resolver is asked to stop
        let out = try repo.forge("sync", "--stop")
        // Then nobody is signalled: no resolver holds the lock
        #expect(out.stdout == "No resolver is running.\n")
        usleep(200_000)
        #expect(other.isRunning)
    }

    @Test func aRunningBackgroundResolverIsReportedAndExitsZero() throws {
        let (repo, forge) = try repoWithForge()
        _ = try repo.forge("ingest")
        let lock = try ResolverLockStandIn(repo.path + "/.git/forge/resolver.pid")
        defer { lock.drop() }
        lock.write("4242 1700000000 -\n")

        let out = try repo.forge("sync", "--foreground", env: ["GH_TOKEN": Self.token])

        #expect(out.status == 0)
        #expect(out.stdout == "A background resolver is already running (pid 4242); see 'git forge status'.\n")
        #expect(forge.requests.isEmpty)
    }

    @Test(arguments: [
        ("forge.paceMs", "-5", "error: bad config value '-5' for 'forge.paceMs': expected a non-negative whole number of milliseconds\n"),
        ("forge.paceMs", "fast", "error: bad config value 'fast' for 'forge.paceMs': expected a non-negative whole number of milliseconds\n"),
        ("forge.apiUrl", "http://api.example.com", "error: bad config value 'http://api.example.com' for 'forge.apiUrl': expected an https:// URL (plain http:// is only allowed for loopback addresses)\n"),
        ("forge.refreshAge", "soon", "error: bad config value 'soon' for 'forge.refreshAge': expected a duration such as 3600, 90s, 30m, 1h or 2d\n"),
    ])
    func badSettingsAreOneLineErrors(key: String, value: String, message: String) throws {
        let (repo, forge) = try repoWithForge()
        try repo.git("config", key, value)
        let out = try repo.forge("sync", "--foreground", env: ["GH_TOKEN": Self.token])
        #expect(out.status == 1)
        #expect(out.stderr == message)
        #expect(forge.requests.isEmpty)

        // A background sync refuses the same way, instead of claiming a resolver that only logs why it stopped
        let background = try repo.forge("sync", env: ["GH_TOKEN": Self.token])
        #expect(background.status == 1)
        #expect(background.stderr == message)
        #expect(background.stdout.isEmpty)
        #expect(forge.requests.isEmpty)
    }

    @Test(arguments: [
        ("no remote", "error: cannot resolve references: no remote configured; add one with 'git remote add origin <url>'\n"),
        ("unknown host", "error: cannot resolve references: unknown forge host 'git.corp.example'; "
            + "set 'git config forge.type github|gitlab|gitea|forgejo'\n"),
    ])
    func syncWithoutAForgeFailsAsForegroundDoes(setup: String, message: String) throws {
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        if setup == "unknown host" { try repo.git("remote", "add", "origin", "https://git.corp.example/team/tool.git") }
        let foreground = try repo.forge("sync", "--foreground")
        let background = try repo.forge("sync")
        #expect(foreground.status == 1 && foreground.stderr == message)
        #expect(background.status == 1)
        #expect(background.stderr == message)
        #expect(background.stdout.isEmpty)
        // What could be done without the forge was done: the history is read
        #expect(try repo.forge("ingest").stdout.hasPrefix("Ingested 0 new commits"))
    }
}
