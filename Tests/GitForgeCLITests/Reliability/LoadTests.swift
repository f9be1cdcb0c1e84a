import Foundation
import GRDB
import Testing
import GitForgeCore
import GitForgeTestSupport

/// Load and concurrency: many hooks at once, readers beside a writer, two worktrees committing.
/// Each test ends on the invariants that matter: one resolver at a time, no `database is locked`
/// anywhere, and the eventlog holding every commit exactly once.
@Suite struct LoadTests {
    /// A repository with the hooks installed whose resolvers drain against a fake forge.
    private func installedRepo() throws -> (GitFixture, FakeForge) {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge(numbers: 1...400)
        try repo.commit("initial (#1)")
        #expect(try repo.install().status == 0)
        try repo.settle()
        return (repo, forge)
    }

    /// Starts `git-forge args` without waiting; stderr is captured to a file beside the repo.
    private func spawn(_ repo: GitFixture, _ args: [String], errors: URL, directory: URL? = nil) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: GitForgeBinary.path)
        p.arguments = args
        p.currentDirectoryURL = directory ?? repo.root
        p.environment = repo.environment.merging(["PATH": forgePATH]) { $1 }
        p.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        p.standardError = try FileHandle(forWritingTo: errors)
        try p.run()
        return p
    }

    @Test func hundredHooksCommitsMergesAndSyncAtOnce() throws {
        let (repo, forge) = try installedRepo()
        defer { withExtendedLifetime(forge) {} }
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.commit("topic work #40")
        try repo.git("checkout", "-q", "main")
        // 100 invocations at once: post-commit and post-merge hooks and manual syncs ...
        var processes: [Process] = []
        for i in 0..<100 {
            let args = i % 10 == 0 ? ["sync"] : ["hook", i % 10 == 1 ? "post-merge" : "post-commit"]
            processes.append(try spawn(repo, args, errors: repo.scratch.appendingPathComponent("err-\(i)")))
        }
        // ... while real commits and a merge fire the installed hooks too.
        for i in 0..<8 { try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "load \(i) fixes #\(100 + i)") }
        try repo.gitWithForge("merge", "-q", "--no-ff", "-m", "Merge pull request #41 from o/topic", "topic")
        for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        try repo.settle()

        let stderr = try (0..<100).map { try String(contentsOf: repo.scratch.appendingPathComponent("err-\($0)"), encoding: .utf8) }
        let noisy = stderr.filter { !$0.isEmpty }
        #expect(noisy.isEmpty, "\(noisy)")
        #expect(!repo.log.contains("locked") && !repo.log.contains("error"), "\(repo.log)")
        try expectOneResolverAtATime(repo)
        try expectEveryCommitOnce(repo)
    }

    @Test func commandsThatAllFindNoStoreCreateItOnce() throws {
        // Each round: a repository without a store, then three ingests, two statuses and a show
        // at once (as a first `install` beside an editor's `status`): one creates the store, the
        // others wait for it; none fails half-way through the migrations.
        for round in 0..<6 {
            let repo = try GitFixture()
            try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
            try repo.commit("round \(round) fixes #\(round + 1)")
            let commands = [["ingest"], ["status", "--json"], ["ingest"], ["show", "--json"], ["ingest"], ["status", "--json"]]
            let outputs = OutputBox(count: commands.count)
            DispatchQueue.concurrentPerform(iterations: commands.count) { i in
                outputs[i] = try? repo.run(GitForgeBinary.path, commands[i])
            }
            for (command, out) in zip(commands, outputs.values) {
                #expect(out?.status == 0 && out?.stderr.isEmpty == true,
                        "round \(round), \(command.joined(separator: " ")): \(out?.stderr ?? "did not run")")
            }
            #expect(try repo.statusJSON()["commits"] as? Int == 1)
        }
    }

    @Test func showAndStatusAnswerWhileAWriterHoldsTheDatabase() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let sha = try repo.commit("held (#9)")
        #expect(try repo.forge("ingest").status == 0)
        let db = try repo.database()
        // As a resolver does: a committed write first (its connection keeps a non-empty WAL),
        // then a long transaction. (With an empty WAL, opening the store writes once itself:
        // see docs/reliability.md, Findings.)
        try db.write { db in try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('reliability-warmup', '1')") }
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let writer = Thread {
            try? db.inTransaction(.immediate) { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('reliability-test', 'held')")
                holding.signal()
                release.wait()
                return .rollback
            }
        }
        writer.start()
        holding.wait()
        defer { release.signal() }
        let clock = ContinuousClock()
        for _ in 0..<3 {
            var show: GitFixture.Output?, status: GitFixture.Output?
            let took = try clock.measure {
                show = try repo.forge("show", "--json")
                status = try repo.forge("status", "--json")
            }
            #expect(show?.status == 0 && show?.stdout.contains("\"sha\" : \"\(sha)\"") == true, "\(show?.stderr ?? "")")
            #expect(show?.stdout.contains("\"number\" : 9") == true)
            #expect(status?.status == 0 && status?.stdout.contains("\"commits\" : 1") == true, "\(status?.stderr ?? "")")
            // Waiting for the writer would take the 10 s busy timeout; a loaded machine, ~0.5 s.
            #expect(took < .seconds(8), "readers waited for the writer: \(took)")
        }
    }

    @Test func twoWorktreesCommittingAtOnceShareOneStoreAndResolver() throws {
        let (repo, forge) = try installedRepo()
        defer { withExtendedLifetime(forge) {} }
        let other = repo.scratch.appendingPathComponent("wt")
        try repo.git("worktree", "add", "-q", "-b", "side", other.path, "main")
        let linked = GitFixture(existing: other, home: repo.home)
        let group = DispatchGroup()
        nonisolated(unsafe) var failures: [String] = []
        let lock = NSLock()
        for (name, fixture) in [("main", repo), ("side", linked)] {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                for i in 0..<10 {
                    do { try fixture.gitWithForge("commit", "-q", "--allow-empty", "-m", "\(name) \(i) #\(i + 200)") }
                    catch { lock.withLock { failures.append("\(error)") } }
                }
            }
        }
        group.wait()
        try repo.settle()
        #expect(failures.isEmpty, "\(failures)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/worktrees/wt/forge"))
        #expect(!repo.log.contains("locked") && !repo.log.contains("error"), "\(repo.log)")
        try expectOneResolverAtATime(repo)
        try expectEveryCommitOnce(repo)
    }

    /// The log's `started`/`exiting` lines strictly alternate, and no two runs overlap in time.
    private func expectOneResolverAtATime(_ repo: GitFixture) throws {
        var holder: Substring?
        for line in repo.log.split(separator: "\n") {
            let pid = line.split(separator: " ")[1]
            if line.contains("resolver started") {
                #expect(holder == nil, "two resolvers at once:\n\(repo.log)")
                holder = pid
            } else if line.hasSuffix("resolver exiting") || line.contains("resolver stopped") {
                #expect(holder == pid)
                holder = nil
            }
        }
        let runs = try repo.database().read { db in
            try Row.fetchAll(db, sql: "SELECT started_at, finished_at FROM resolver_runs ORDER BY id")
        }
        #expect(runs.count >= 2)
        for (before, after) in zip(runs, runs.dropFirst()) {
            let finished: Int64? = before["finished_at"]
            let started: Int64 = after["started_at"]
            #expect(finished != nil && finished! <= started, "overlapping runs: \(runs)")
        }
        #expect(ResolverLock.probe(StoreLocation(commonDirectory: repo.path + "/.git")) == nil)
    }

    /// Exactly one `git.commit` event per commit git knows: none lost, none doubled.
    private func expectEveryCommitOnce(_ repo: GitFixture) throws {
        let expected = Int(try repo.git("rev-list", "--all", "--count"))
        let (events, distinct) = try repo.database().read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM eventlog WHERE type = 'git.commit'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(DISTINCT source_id) FROM eventlog WHERE type = 'git.commit'") ?? -1)
        }
        #expect(events == expected)
        #expect(distinct == events)
    }
}

/// Results written from `concurrentPerform`'s threads, one slot each.
private final class OutputBox: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [GitFixture.Output?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    subscript(i: Int) -> GitFixture.Output? {
        get { lock.withLock { slots[i] } }
        set { lock.withLock { slots[i] = newValue } }
    }
    var values: [GitFixture.Output?] { lock.withLock { slots } }
}
