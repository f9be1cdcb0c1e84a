import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `git forge ingest` run in this process with an injected `CommandContext`: what it says on
/// stdout and stderr. The hook's launches of the real binary are in `HookRunTests`.
struct IngestCommandTests {
    private func ingest(_ repo: GitFixture, json: Bool = false) throws -> GitFixture.Output {
        try TestContext(repo).run { try IngestCommand.run($0, json: json) }
    }

    @Test func sayAndCountWhatIsNew() throws {
        // Given a repository with two commits, one naming a reference
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("one")
        try repo.commit("Fix #1")

        // When it is ingested, then again with nothing new, then one more commit as JSON
        let first = try ingest(repo)
        let again = try ingest(repo)
        try repo.commit("See #1 and #2")
        let json = try ingest(repo, json: true)

        // Then each run counts only what it added
        #expect(first == .init(status: 0, stdout: "Ingested 2 new commits (2 in store); 1 new reference queued.\n", stderr: ""))
        #expect(again.stdout == "Ingested 0 new commits (2 in store); 0 new references queued.\n")
        let counts = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Int]
        #expect(counts == ["commits": 3, "newCommits": 1, "newRefs": 1])
        #expect(json.stdout.hasSuffix("}\n") && json.stderr.isEmpty)
    }

    @Test func aCorruptStoreIsMovedAsideWithAWarningOnTheContextsStderr() throws {
        let repo = try GitFixture()
        try repo.commit("one #1")
        _ = try ingest(repo)
        let directory = repo.path + "/.git/forge"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: directory + "/forge.db" + suffix) }
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: directory + "/forge.db"))

        let out = try ingest(repo)

        #expect(out.status == 0)
        #expect(out.stderr.hasPrefix("warning: the store was corrupt; it was moved to '\(directory)/forge.db.corrupt-"), "\(out.stderr)")
        #expect(out.stdout == "Ingested 1 new commit (1 in store); 1 new reference queued.\n")
    }

    @Test func outsideARepositoryItIsOneErrorLine() throws {
        let out = try TestContext(repository: nil).run { try IngestCommand.run($0, json: true) }
        #expect(out == .init(status: 1, stdout: "", stderr: "error: not a git repository (or any of the parent directories)\n"))
    }
}
