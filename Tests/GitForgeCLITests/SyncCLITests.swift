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
        #expect((json["refs"] as? [String: Int]) == ["pending": 0, "resolved": 3, "failed": 1, "deferred": 0])
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

    @Test func aRunningBackgroundResolverIsReportedAndExitsZero() throws {
        let (repo, forge) = try repoWithForge()
        _ = try repo.forge("ingest")
        let fd = open(repo.path + "/.git/forge/resolver.pid", O_RDWR | O_CREAT, 0o600)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = "4242 1700000000 -\n".withCString { write(fd, $0, 20) }

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
    }
}
