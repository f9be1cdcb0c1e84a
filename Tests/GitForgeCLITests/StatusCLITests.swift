import Foundation
import GRDB
import Testing
@testable import GitForgeCore
import GitForgeTestSupport

/// What `git forge status` says, text and JSON, through the real binary: only what is true.
struct StatusCLITests {
    private func ingested(_ message: String = "Fix #1, see #2 and #3") throws -> GitFixture {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit(message)
        let out = try repo.forge("ingest")
        guard out.status == 0 else { throw FixtureError.failed(out.stderr) }
        return repo
    }

    @Test func aRunThatHasNotCountedItsWorkIsNotAHundredPercentDone() throws {
        // Given: a live resolver whose run has just begun (total not written yet), 3 pending.
        let repo = try ingested()
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["30"]
        try sleeper.run()
        defer { kill(sleeper.processIdentifier, SIGKILL) }
        _ = try repo.store().beginRun(total: 0, pid: sleeper.processIdentifier)
        // Holding the lock, as a running resolver does: that is what says it runs.
        let lock = try ResolverLockStandIn(repo.forgeDirectory + "/resolver.pid")
        defer { lock.drop() }
        lock.write("\(sleeper.processIdentifier) \(Int(Date().timeIntervalSince1970)) -\n")

        let text = try repo.forge("status").stdout
        #expect(text.contains("Syncing:  PID \(sleeper.processIdentifier) running"), "\(text)")
        #expect(!text.contains("0/0"), "\(text)")
        #expect(text.contains("Progress: starting, 3 pending"), "\(text)")
        let progress = try #require(try repo.statusJSON()["progress"] as? [String: Any])
        #expect(progress["done"] as? Int == 0)
        #expect(progress["total"] is NSNull, "a total of 0 is not known yet")
    }

    @Test func notFoundAndUnreadableAreCountedApart() throws {
        let repo = try ingested()
        try repo.store().writer.write { db in
            try db.execute(sql: """
                UPDATE forge_refs SET status = 'notFound' WHERE number = 1;
                UPDATE forge_refs SET status = 'failed', last_error = 'HTTP 500' WHERE number = 2;
                """)
        }
        let text = try repo.forge("status").stdout
        #expect(text.contains("Refs:     1 pending, 0 resolved, 1 not found, 1 unreadable\n"), "\(text)")
        let refs = try repo.statusJSON()["refs"] as? [String: Int]
        #expect(refs == ["pending": 1, "resolved": 0, "failed": 2, "notFound": 1, "unreadable": 1, "deferred": 0])
    }

    @Test func hooksAreShownInstalledPausedOrMissing() throws {
        let repo = try ingested()
        let hooks = repo.path + "/.git/hooks"
        #expect(try repo.forge("status").stdout.contains("Hooks:    not installed in \(hooks) (run 'git forge install')\n"))

        _ = try HookInstaller(directory: hooks).install()
        #expect(try repo.forge("status").stdout.contains("Hooks:    installed in \(hooks)\n"))
        let json = try #require(try repo.statusJSON()["hooks"] as? [String: Any])
        #expect(json["installed"] as? Bool == true)
        #expect(json["enabled"] as? Bool == true)
        #expect(json["path"] as? String == hooks)

        try repo.git("config", "forge.enabled", "false")
        #expect(try repo.forge("status").stdout.contains("Hooks:    installed in \(hooks), paused (forge.enabled=false)\n"))
        #expect((try repo.statusJSON()["hooks"] as? [String: Any])?["enabled"] as? Bool == false)

        try repo.git("config", "--unset", "forge.enabled")
        try FileManager.default.removeItem(atPath: hooks + "/post-merge")
        #expect(try repo.forge("status").stdout.contains(
            "Hooks:    partly installed in \(hooks) (post-merge missing: run 'git forge install')\n"))
    }

    @Test func statusAndShowInARepositoryWithNoStoreCreateNone() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("Fix the parser (#12)")

        let text = try repo.forge("status")
        #expect(text.status == 0)
        #expect(text.stdout.contains("Commits:  none ingested yet: run 'git forge install' to start\n"), "\(text.stdout)")
        let json = try repo.statusJSON()
        #expect(json["commits"] as? Int == 0)
        #expect(json["refs"] as? [String: Int] == ["pending": 0, "resolved": 0, "failed": 0, "notFound": 0, "unreadable": 0, "deferred": 0])
        #expect(json["lastRun"] is NSNull)
        #expect(Set(json.keys) == ["commits", "refs", "store", "forge", "hooks", "resolver", "progress", "lastRun", "deferred"])

        let show = try repo.forge("show", "--no-pager")
        #expect(show.status == 0)
        #expect(show.stdout.contains("(nothing is ingested yet: links from the message only — run git forge install)"))
        #expect(show.stdout.contains("#12 merged in (via message) · pending — run git forge install"), "\(show.stdout)")
        #expect(try repo.forge("show", "--json").status == 0)
        #expect(try repo.forge("show", "no-such-rev").stderr == "error: unknown revision 'no-such-rev'\n")

        #expect(!FileManager.default.fileExists(atPath: repo.forgeDirectory), "a read-only command created the store")
    }

    @Test func aRejectedTokenIsNamedBySource() throws {
        let repo = try GitFixture()
        let forge = try FakeForge(.github, token: "ghp_right")
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.git("config", "forge.apiUrl", forge.apiURL)
        try repo.git("config", "forge.paceMs", "0")
        try repo.commit("Fix crash (#4)")
        let env = ["GITHUB_TOKEN": "ghp_wrong", "GH_TOKEN": ""]

        let sync = try repo.forge("sync", "--foreground", env: env)
        #expect(sync.status == 1)
        #expect(sync.stderr.hasPrefix("error: GITHUB_TOKEN was rejected (HTTP 401)"), "\(sync.stderr)")
        let status = try repo.forge("status", env: env).stdout
        #expect(status.contains("(token from GITHUB_TOKEN)"), "\(status)")
        #expect(status.contains("GITHUB_TOKEN was rejected (HTTP 401)"), "\(status)")
        #expect(!status.contains("ghp_wrong") && !sync.stderr.contains("ghp_wrong"))
    }

    @Test func aGitLabAPIURLWithoutItsVersionGetsAHint() throws {
        let repo = try ingested()
        try repo.git("remote", "set-url", "origin", "https://gitlab.example.com/g/p.git")
        try repo.git("config", "forge.type", "gitlab")
        try repo.git("config", "forge.apiUrl", "https://gitlab.example.com/")
        let hint = "forge.apiUrl has no /api/v4: GitLab's API root is usually https://gitlab.example.com/api/v4"
        #expect(try repo.forge("status").stdout.contains("hint:     \(hint)\n"))
        #expect((try repo.statusJSON()["forge"] as? [String: Any])?["hint"] as? String == hint)
        try repo.git("config", "forge.apiUrl", "https://gitlab.example.com/api/v4")
        #expect(!(try repo.forge("status").stdout.contains("hint:")))
    }

    @Test func aGitLabAPIURLWithoutItsVersionIsHintedWhenTheForgeAnswers404() throws {
        let forge = try FakeForge(.gitlab)
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://gitlab.com/g/p.git")
        try repo.git("config", "forge.apiUrl", forge.baseURL)
        try repo.git("config", "forge.paceMs", "0")
        try repo.commit("Fix the crash, closes #1")
        let sync = try repo.forge("sync", "--foreground", env: ["GITLAB_TOKEN": ""])
        #expect(sync.status == 1)
        let hint = "forge.apiUrl has no /api/v4: GitLab's API root is usually \(forge.baseURL)/api/v4"
        #expect(sync.stderr.contains("GitLab shows no project g/p (HTTP 404): \(hint)"), "\(sync.stderr)")
        #expect(try repo.forge("status").stdout.contains(hint))
    }

    @Test func timesAreUTCWithZ() throws {
        let repo = try ingested()
        let store = try repo.store()
        try store.finishRun(try store.beginRun(total: 3), outcome: .completed, error: nil)
        let run = try #require(try repo.statusJSON()["lastRun"] as? [String: Any])
        for key in ["startedAt", "finishedAt"] {
            let value = try #require(run[key] as? String)
            #expect(value.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil, "\(value)")
        }
        #expect(ISODate.utc("2025-03-01T20:41:25.123+01:00") == "2025-03-01T19:41:25Z")
        #expect(ISODate.utc("2025-03-01T19:41:25.5Z") == "2025-03-01T19:41:25Z")
        #expect(ISODate.utc("2024-02-29T23:30:00-01:00") == "2024-03-01T00:30:00Z")
        #expect(ISODate.utc("yesterday") == "yesterday")
    }

    /// Every key `status --json` prints is in docs/json.md's table, and every key there is printed.
    @Test func everyStatusKeyIsDocumented() throws {
        let repo = try ingested()
        let store = try repo.store()
        try store.finishRun(try store.beginRun(total: 3), outcome: .completed, error: nil)
        func keys(_ object: [String: Any], _ prefix: String = "") -> Set<String> {
            var out = Set<String>()
            for (key, value) in object {
                out.insert(prefix + key)
                if let nested = value as? [String: Any] { out.formUnion(keys(nested, prefix + key + ".")) }
            }
            return out
        }
        let printed = keys(try repo.statusJSON())
        let docs = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path + "/docs/json.md", encoding: .utf8)
        let section = try #require(docs.components(separatedBy: "## `git forge status --json`").last?
            .components(separatedBy: "\n## ").first)
        var documented = Set<String>()
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            documented.insert(String(line.dropFirst(3).prefix { $0 != "`" }))
        }
        #expect(printed == documented, "undocumented: \(printed.subtracting(documented)), stale: \(documented.subtracting(printed))")
    }
}
