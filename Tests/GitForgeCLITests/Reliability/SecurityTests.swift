import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// What git forge writes is private, what it is given stays secret, and what it reads is never run.
@Suite struct SecurityTests {
    static let token = "ghp_TESTTOKEN1234567890reliabilityXYZ"

    /// The forge is returned to be kept alive for the whole test: once it stops, its port is free
    /// for another test's server, and a later hook's resolver would send that one stray requests.
    private func installed(env: [String: String] = [:]) throws -> (GitFixture, FakeForge) {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge()
        try repo.commit("one (#1)")
        let out = try repo.run(GitForgeBinary.path, ["install"], env: env.merging(["PATH": forgePATH]) { $1 })
        #expect(out.status == 0, "\(out.stderr)")
        try repo.settle()
        return (repo, forge)
    }

    /// `git-forge args` under umask 000, the most permissive a user can have.
    private func underOpenUmask(_ repo: GitFixture, _ command: String) throws -> GitFixture.Output {
        try repo.run("/bin/sh", ["-c", "umask 000; exec \(command)"], env: ["PATH": forgePATH])
    }

    @Test func storeFilesArePrivateWhateverTheUmask() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge()
        defer { withExtendedLifetime(forge) {} }
        try repo.commit("one (#1)")
        #expect(try underOpenUmask(repo, "git-forge ingest").status == 0)
        #expect(try underOpenUmask(repo, "git-forge install").status == 0)
        try repo.settle()
        // A log past its cap is rotated by the next hook; both files stay private.
        try Data(repeating: 0x2E, count: Int(ResolverLog.capacity) + 1).write(to: URL(fileURLWithPath: repo.logPath))
        chmod(repo.logPath, 0o600)
        #expect(try underOpenUmask(repo, "git commit -q --allow-empty -m 'two #2'").status == 0)
        try repo.settle()
        #expect(try underOpenUmask(repo, "git-forge sync").status == 0)
        try repo.settle()
        let entries = try FileManager.default.contentsOfDirectory(atPath: repo.forgeDirectory)
        // (forge.db-wal and -shm exist only while a connection is open; they take forge.db's mode.)
        for name in ["forge.db", "resolver.log", "resolver.log.1", "resolver.pid"] {
            #expect(entries.contains(name), "\(name) missing: \(entries)")
        }
        #expect(Reliability.mode(repo.forgeDirectory) == 0o700)
        for name in entries {
            #expect(Reliability.mode(repo.forgeDirectory + "/" + name) == 0o600, "\(name)")
        }
    }

    @Test func aSymlinkedForgeDirectoryIsRefusedAndNothingIsWrittenThroughIt() throws {
        // Given an installed repository whose forge/ was replaced by a link to another directory
        let (repo, forge) = try installed()
        defer { withExtendedLifetime(forge) {} }
        let elsewhere = repo.path + "/../elsewhere-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.removeItem(atPath: repo.forgeDirectory)
        try FileManager.default.createSymbolicLink(atPath: repo.forgeDirectory, withDestinationPath: elsewhere)
        // When commands run, and a hook fires
        for command in [["ingest"], ["status"], ["sync"]] {
            let out = try repo.run(GitForgeBinary.path, command)
            // Then each says so on one line and fails
            #expect(out.status == 1, "\(command)")
            #expect(out.stderr == "error: '\(repo.forgeDirectory)' is a symbolic link; git forge keeps its store only "
                    + "in a directory of your own (move it away and run the command again)\n", "\(command)")
        }
        #expect(try repo.run("/bin/sh", ["-c", "git commit -q --allow-empty -m 'two #2'"], env: ["PATH": forgePATH]).status == 0)
        try repo.settle()
        // And nothing was written where the link points
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test func theTokenNeverLeavesTheEnvironment() throws {
        let env = ["GH_TOKEN": Self.token, "GITHUB_TOKEN": Self.token]
        let (repo, forge) = try installed(env: env)
        defer { withExtendedLifetime(forge) {} }
        try repo.git("config", "forge.apiUrl", "http://127.0.0.1:1")
        try repo.git("config", "forge.paceMs", "0")
        var outputs: [GitFixture.Output] = []
        // Watch every git-forge process's argv while hooks, sync and a foreground run work.
        let watching = Watcher()
        watching.start()
        for i in 0..<5 {
            outputs.append(try repo.run("/usr/bin/git", ["commit", "-q", "--allow-empty", "-m", "work #\(i + 2)"],
                                        env: env.merging(["PATH": forgePATH]) { $1 }))
        }
        outputs.append(try repo.forge("sync", env: env))
        outputs.append(try repo.forge("sync", "--foreground", env: env))
        outputs.append(try repo.forge("status", "--json", env: env))
        outputs.append(try repo.forge("show", env: env))
        outputs.append(try repo.forge("show", "no-such-rev", env: env))
        usleep(300_000)
        _ = try repo.forge("sync", "--stop")
        try repo.settle()
        let seen = watching.stop()
        #expect(!seen.isEmpty, "no git-forge process was observed")
        for (pid, argv) in seen {
            #expect(!String(decoding: argv, as: UTF8.self).contains(Self.token), "argv of \(pid)")
        }
        for out in outputs {
            #expect(!out.stderr.contains(Self.token) && !out.stdout.contains(Self.token))
        }
        let tokenBytes = Data(Self.token.utf8)
        for name in try FileManager.default.contentsOfDirectory(atPath: repo.forgeDirectory) {
            let bytes = FileManager.default.contents(atPath: repo.forgeDirectory + "/" + name) ?? Data()
            #expect(bytes.range(of: tokenBytes) == nil, "the token is in \(name)")
        }
    }

    @Test func hooksNeverRunWhatCommitMessagesSay() throws {
        let (repo, forge) = try installed()
        defer { withExtendedLifetime(forge) {} }
        let marker = repo.scratch.appendingPathComponent("pwned").path
        let messages = [
            "$(touch \(marker)-dollar) #2", "`touch \(marker)-backtick` #3", "x; touch \(marker)-semicolon #4",
            "x && touch \(marker)-and\n\n' \"; touch \(marker)-quote; echo \" #5", "$(touch${IFS}\(marker)-ifs)",
        ]
        for message in messages {
            try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", message)
        }
        try repo.gitWithForge("checkout", "-q", "-b", "x$(touch${IFS}\(marker)-branch)")
        try repo.gitWithForge("commit", "-q", "--amend", "--allow-empty", "-m", "amended `touch \(marker)-amend`")
        try repo.settle()
        let files = try FileManager.default.contentsOfDirectory(atPath: repo.scratch.path)
        #expect(!files.contains { $0.hasPrefix("pwned") }, "\(files)")
        #expect(try repo.statusJSON()["commits"] as? Int == 7)
    }
}

/// Samples /proc for git-forge processes on a background thread until stopped.
final class Watcher: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var seen: [Int32: [UInt8]] = [:]
    private let done = DispatchSemaphore(value: 0)

    func start() {
        Thread {
            while self.lock.withLock({ self.running }) {
                for (pid, argv) in Reliability.forgeProcesses() { self.lock.withLock { self.seen[pid] = argv } }
                usleep(2_000)
            }
            self.done.signal()
        }.start()
    }

    func stop() -> [Int32: [UInt8]] {
        lock.withLock { running = false }
        done.wait()
        return lock.withLock { seen }
    }
}
