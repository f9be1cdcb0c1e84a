import Foundation
import Testing
@testable import GitForgeCore
import GitForgeTestSupport

/// `git forge hook` run in this process with an injected `CommandContext`, on the paths that
/// start no process: whatever happens it exits 0 and says nothing where git would show it, and an
/// error goes to `resolver.log`. `HookRunTests` keeps the real hooks, which hand off and resolve.
struct HookCommandTests {
    private func hook(_ context: TestContext, _ name: String, _ mode: HookCommand.Mode) -> GitFixture.Output {
        let status = HookCommand.run(context.context, name: name, mode: mode)
        return GitFixture.Output(status: status, stdout: context.stdout.text, stderr: context.stderr.text)
    }

    @Test func hooksItDoesNotKnowAreNoOps() throws {
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        for mode in [HookCommand.Mode.foreground, .background, .detached] {
            for name in ["pre-push", "--detached", "post-commit-x"] {
                #expect(hook(TestContext(repo), name, mode) == .init(status: 0, stdout: "", stderr: ""), "\(name) \(mode)")
            }
        }
        // sync and install hand the detached process their own events, which a hook does not take
        #expect(hook(TestContext(repo), "sync", .foreground) == .init(status: 0, stdout: "", stderr: ""))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/forge"), "a no-op made the store")
    }

    @Test func disabledOrBrokenItExitsZeroAndErrorsGoToTheLog() throws {
        // Given the repository the context discovers, ingested, with hooks paused
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("one (#1)")
        _ = try TestContext(repo).run { try IngestCommand.run($0, json: false) }
        let log = repo.path + "/.git/forge/resolver.log"
        try repo.git("config", "forge.enabled", "false")
        #expect(hook(TestContext(repo), "post-commit", .foreground) == .init(status: 0, stdout: "", stderr: ""))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/forge/resolver.pid"), "a resolver was started")

        // When forge.enabled cannot be read
        try repo.git("config", "forge.enabled", "maybe")
        let out = hook(TestContext(repo), "post-merge", .foreground)

        // Then git sees nothing and exit 0; the log says why
        #expect(out == .init(status: 0, stdout: "", stderr: ""))
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.contains("post-merge: error: "), "\(written)")
        #expect(written.contains("forge.enabled"), "\(written)")

        // Outside a repository: nothing to log to, still 0 and silent
        #expect(hook(TestContext(repository: nil), "post-commit", .foreground) == .init(status: 0, stdout: "", stderr: ""))
    }
}
