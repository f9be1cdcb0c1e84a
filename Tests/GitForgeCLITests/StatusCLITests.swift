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

    /// The binary (its fast path) prints byte for byte what the command writes to a test's
    /// context: the real context reads the same environment and writes the same text.
    @Test func theBinaryPrintsWhatAnInjectedContextCaptures() throws {
        let repo = try ingested()
        let env = ["GITHUB_TOKEN": "ghp_x"]
        for json in [false, true] {
            let test = TestContext(repo, environment: repo.environment.merging(env) { $1 })
            try StatusCommand.run(test.context, json: json)
            let out = json ? try repo.forge("status", "--json", env: env) : try repo.forge("status", env: env)
            #expect(out.status == 0)
            #expect(out.stdout == test.stdout.text)
            #expect(out.stdout.contains("GITHUB_TOKEN"))
        }
    }

    /// The status side is in `StatusTests`; here the real process's exit status and show's.
    @Test func statusAndShowInARepositoryWithNoStoreCreateNone() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("Fix the parser (#12)")

        #expect(try repo.forge("status").status == 0)
        #expect(try repo.forge("status", "--json").status == 0)

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
}

/// GitLab squash subjects ending `(#N)` in a commit from merge request !N: one reference, not two.
struct SquashEchoCLITests {
    @Test func aGitLabSquashSuffixEchoingItsMergeRequestQueuesNoIssue() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://gitlab.com/g/p.git")
        try repo.commit("Fix crash in parser (#12)\n\nSee merge request g/p!12")
        try repo.commit("Tidy the lexer (#13)")
        let out = try repo.forge("ingest")
        #expect(out.status == 0, "\(out.stderr)")

        let refs = try #require(try repo.statusJSON()["refs"] as? [String: Any])
        #expect(refs["pending"] as? Int == 2, "merge request !12 and issue #13, not issue #12: \(refs)")
    }
}
