import Foundation
import GRDB
import Testing
@testable import GitForgeCore
import GitForgeTestSupport

/// What `git forge status` says, text and JSON, run in this process with an injected
/// `CommandContext`: its environment, clock and output are the test's. `StatusCLITests` keeps
/// what only the real process shows (exit statuses, the fast path, a live resolver).
struct StatusTests {
    /// A GitHub repository with one commit naming three references, ingested in this process.
    private func ingested(_ message: String = "Fix #1, see #2 and #3") throws -> GitFixture {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit(message)
        let workspace = try Workspace(repository: Repository.open(at: repo.path))
        _ = try workspace.ingest(into: workspace.openStore())
        return repo
    }

    private func status(_ repo: GitFixture, env: [String: String] = [:], now: Date? = nil) throws -> String {
        let test = TestContext(repo, environment: env, now: now)
        try StatusCommand.run(test.context, json: false)
        #expect(test.stderr.text.isEmpty, "\(test.stderr.text)")
        return test.stdout.text
    }

    private func statusJSON(_ repo: GitFixture, env: [String: String] = [:]) throws -> [String: Any] {
        let test = TestContext(repo, environment: env)
        try StatusCommand.run(test.context, json: true)
        return try #require(try JSONSerialization.jsonObject(with: Data(test.stdout.text.utf8)) as? [String: Any])
    }

    @Test func notFoundAndUnreadableAreCountedApart() throws {
        let repo = try ingested()
        try repo.store().writer.write { db in
            try db.execute(sql: """
                UPDATE forge_refs SET status = 'notFound' WHERE number = 1;
                UPDATE forge_refs SET status = 'failed', last_error = 'HTTP 500' WHERE number = 2;
                """)
        }
        let text = try status(repo)
        #expect(text.contains("Refs:     1 pending, 0 resolved, 1 not found, 1 unreadable\n"), "\(text)")
        let refs = try statusJSON(repo)["refs"] as? [String: Int]
        #expect(refs == ["pending": 1, "resolved": 0, "failed": 2, "notFound": 1, "unreadable": 1, "deferred": 0])
    }

    @Test func hooksAreShownInstalledPausedOrMissing() throws {
        let repo = try ingested()
        let hooks = repo.path + "/.git/hooks"
        #expect(try status(repo).contains("Hooks:    not installed in \(hooks) (run 'git forge install')\n"))

        _ = try HookInstaller(directory: hooks).install()
        #expect(try status(repo).contains("Hooks:    installed in \(hooks)\n"))
        let json = try #require(try statusJSON(repo)["hooks"] as? [String: Any])
        #expect(json["installed"] as? Bool == true)
        #expect(json["enabled"] as? Bool == true)
        #expect(json["path"] as? String == hooks)

        try repo.git("config", "forge.enabled", "false")
        #expect(try status(repo).contains("Hooks:    installed in \(hooks), paused (forge.enabled=false)\n"))
        #expect((try statusJSON(repo)["hooks"] as? [String: Any])?["enabled"] as? Bool == false)

        try repo.git("config", "forge.enabled", "maybe")
        let unreadable = try status(repo)
        #expect(unreadable.contains("Hooks:    installed in \(hooks), paused: "), "\(unreadable)")
        #expect((try statusJSON(repo)["hooks"] as? [String: Any])?["error"] is String)

        try repo.git("config", "--unset", "forge.enabled")
        try FileManager.default.removeItem(atPath: hooks + "/post-merge")
        #expect(try status(repo).contains(
            "Hooks:    partly installed in \(hooks) (post-merge missing: run 'git forge install')\n"))
    }

    @Test func aRepositoryWithNoStoreIsReportedAndNoneIsCreated() throws {
        // Given a repository git forge was never set up in
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("Fix the parser (#12)")

        // When status looks, as text and as JSON
        let text = try status(repo)
        let json = try statusJSON(repo)

        // Then it says so, counts nothing, and leaves no forge/ behind
        #expect(text == """
            Forge:    github o/r on github.com (remote origin)
            API:      https://api.github.com (no token: anonymous limits)
            Hooks:    not installed in \(repo.path)/.git/hooks (run 'git forge install')
            Commits:  none ingested yet: run 'git forge install' to start
            Store:    \(repo.path)/.git/forge (not created yet)

            """)
        #expect(json["commits"] as? Int == 0)
        #expect(json["refs"] as? [String: Int] == ["pending": 0, "resolved": 0, "failed": 0, "notFound": 0, "unreadable": 0, "deferred": 0])
        #expect(json["lastRun"] is NSNull)
        #expect(Set(json.keys) == ["commits", "refs", "store", "forge", "hooks", "resolver", "progress", "lastRun", "deferred",
                                   "sharedCache"])
        #expect(!FileManager.default.fileExists(atPath: repo.forgeDirectory), "a read-only command created the store")
    }

    @Test func theTokenIsLookedUpInTheInjectedEnvironmentOnly() throws {
        let repo = try ingested()
        // A token for github.com, by the name gh reads first
        let named = try statusJSON(repo, env: ["GH_TOKEN": "ghp_secret", "GITHUB_TOKEN": "ghp_other"])
        let forge = try #require(named["forge"] as? [String: Any])
        #expect(forge["token"] as? Bool == true)
        #expect(forge["tokenSource"] as? String == "GH_TOKEN")
        #expect(try status(repo, env: ["GITHUB_TOKEN": "ghp_secret"]).contains(
            "API:      https://api.github.com (token from GITHUB_TOKEN)\n"))
        // An enterprise token is not github.com's: not sent, and status says what to set
        let text = try status(repo, env: ["GH_ENTERPRISE_TOKEN": "e"])
        #expect(text.contains("(no token: anonymous limits)"), "\(text)")
        // None of it is printed
        #expect(!text.contains("ghp_secret") && !named.description.contains("ghp_secret"))
    }

    @Test func aCredentialHelperIsAskedOnlyWhenOneIsConfiguredForTheHost() throws {
        let repo = try ingested()
        let without = TestContext(repo, credential: { _ in "from-helper" })
        try StatusCommand.run(without.context, json: false)
        #expect(without.credentialRequests.text.isEmpty, "asked with no helper configured")
        #expect(without.stdout.text.contains("(no token: anonymous limits)"))

        try repo.git("config", "credential.https://github.com.helper", "store")
        let with = TestContext(repo, credential: { _ in "from-helper" })
        try StatusCommand.run(with.context, json: false)
        #expect(with.credentialRequests.text == "github.com\n")
        #expect(with.stdout.text.contains("(token from git credential)"), "\(with.stdout.text)")
    }

    @Test func outsideARepositoryItIsOneErrorLine() throws {
        let test = TestContext(repository: nil)
        #expect(throws: CommandExit.failure) { try StatusCommand.run(test.context, json: true) }
        #expect(test.stderr.text == "error: not a git repository (or any of the parent directories)\n")
        #expect(test.stdout.text.isEmpty)
    }

    @Test func aGitLabAPIURLWithoutItsVersionGetsAHint() throws {
        let repo = try ingested()
        try repo.git("remote", "set-url", "origin", "https://gitlab.example.com/g/p.git")
        try repo.git("config", "forge.type", "gitlab")
        try repo.git("config", "forge.apiUrl", "https://gitlab.example.com/")
        let hint = "forge.apiUrl has no /api/v4: GitLab's API root is usually https://gitlab.example.com/api/v4"
        #expect(try status(repo).contains("hint:     \(hint)\n"))
        #expect((try statusJSON(repo)["forge"] as? [String: Any])?["hint"] as? String == hint)
        try repo.git("config", "forge.apiUrl", "https://gitlab.example.com/api/v4")
        #expect(!(try status(repo).contains("hint:")))
    }

    @Test func deferredReferencesAreDueByTheInjectedClock() throws {
        // Given one reference put off for an hour after a failure
        let repo = try ingested("Fix #1")
        let due = Int64(Date().timeIntervalSince1970) + 3600
        try repo.store().writer.write { db in
            try db.execute(sql: "UPDATE forge_refs SET next_attempt_at = ?, last_error = 'HTTP 502' WHERE number = 1",
                           arguments: [due])
        }
        // When status runs now, and when it runs after the due time
        let text = try status(repo)
        let later = try status(repo, now: Date(timeIntervalSince1970: TimeInterval(due + 60)))

        // Then it is deferred until then, and no longer once that time has passed
        #expect(text.contains("          1 deferred until "), "\(text)")
        #expect(text.contains("(last error: HTTP 502)"), "\(text)")
        #expect(!later.contains("deferred"), "\(later)")
    }

    @Test func timesAreUTCWithZ() throws {
        let repo = try ingested()
        let store = try repo.store()
        try store.finishRun(try store.beginRun(total: 3), outcome: .completed, error: nil)
        let run = try #require(try statusJSON(repo)["lastRun"] as? [String: Any])
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
        let json = try statusJSON(repo)
        let printed = keys(json)
        // An object that is null here (`sharedCache` before any shared cache) prints none of the keys
        // documented inside it.
        let nullObjects = Set(json.filter { $0.value is NSNull }.map(\.key))
        let docs = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path + "/docs/json.md", encoding: .utf8)
        let section = try #require(docs.components(separatedBy: "## `git forge status --json`").last?
            .components(separatedBy: "\n## ").first)
        var documented = Set<String>()
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let key = String(line.dropFirst(3).prefix { $0 != "`" })
            if let dot = key.firstIndex(of: "."), nullObjects.contains(String(key[..<dot])) { continue }
            documented.insert(key)
        }
        #expect(printed == documented, "undocumented: \(printed.subtracting(documented)), stale: \(documented.subtracting(printed))")
    }
}
