import Foundation
import GitForgeCore
import GitForgeTestSupport

/// PATH with the built `git-forge` first, as after `make install`.
let forgePATH: String = {
    let bin = URL(fileURLWithPath: GitForgeBinary.path).deletingLastPathComponent().path
    return bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
}()

extension GitFixture {
    var forgeDirectory: String { path + "/.git/forge" }
    var logPath: String { forgeDirectory + "/resolver.log" }

    /// git with git-forge on PATH, so installed hooks find it.
    @discardableResult
    func gitWithForge(_ args: String..., input: Data? = nil, env: [String: String] = [:]) throws -> String {
        try git(args, input: input, env: env.merging(["PATH": forgePATH]) { $1 })
    }

    @discardableResult
    func git(_ args: [String], input: Data? = nil, env: [String: String] = [:]) throws -> String {
        let out = try run("/usr/bin/git", args, input: input, env: env)
        guard out.status == 0 else { throw FixtureError.failed("git \(args.joined(separator: " ")): \(out.stderr)") }
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Commits `git rev-list --all` reaches that the eventlog lacks. Not a count comparison: the
    /// eventlog is append-only, so it rightly keeps commits a rebase has since made unreachable
    /// (rebase's own post-checkout hook may ingest the branch before it is rewritten).
    func commitsMissingFromStore() throws -> Set<String> {
        let stored = try Set(database().read { db in
            try String.fetchAll(db, sql: "SELECT lower(hex(source_id)) FROM eventlog WHERE type = 'git.commit'")
        })
        return Set(try git("rev-list", "--all").split(separator: "\n").map(String.init)).subtracting(stored)
    }

    func install(_ extra: String...) throws -> Output {
        try run(GitForgeBinary.path, ["install"] + extra, env: ["PATH": forgePATH])
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func logCount(_ needle: String) -> Int { log.components(separatedBy: needle).count - 1 }

    /// Waits until the log holds `count` lines containing `needle` and no resolver holds the lock.
    func waitForLog(_ needle: String, count: Int = 1, timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while logCount(needle) < count || ResolverLock.probe(StoreLocation(commonDirectory: path + "/.git")) != nil {
            if Date() > deadline {
                throw FixtureError.failed("timed out waiting for \(count)× '\(needle)' in the log:\n\(log)")
            }
            usleep(20_000)
        }
    }

    /// Waits until no git-forge process works in this repository or its linked worktrees (hooks'
    /// detached work included).
    func settle(timeout: TimeInterval = 30) throws {
        // Quiet for 600 ms: a hook's background job may be between fork and exec, which takes a
        // while when the whole suite runs in parallel on two cores.
        let deadline = Date().addingTimeInterval(timeout)
        var quiet = 0
        while quiet < 20 {
            quiet = try forgeProcessesRunning() ? 0 : quiet + 1
            if Date() > deadline { throw FixtureError.failed("git-forge still running after \(timeout) s:\n\(log)") }
            usleep(30_000)
        }
    }

    /// Any git-forge working under this fixture's temporary directory: the repository, or a
    /// linked worktree beside it (whose hooks run there). /proc gives the cwd with symlinks resolved.
    private func forgeProcessesRunning() throws -> Bool {
        // A detached resolver is not dumpable (no core file may hold its token), so only root may
        // read its /proc/<pid>/exe and cwd; its lock file names it to everyone.
        if ResolverLock.probe(StoreLocation(commonDirectory: path + "/.git"))?.isAlive == true { return true }
        let fm = FileManager.default
        let scratch = root.deletingLastPathComponent().resolvingSymlinksInPath().path + "/"
        for entry in try fm.contentsOfDirectory(atPath: "/proc") where Int32(entry) != nil {
            guard (try? fm.destinationOfSymbolicLink(atPath: "/proc/\(entry)/exe")) == GitForgeBinary.path,
                  (try? fm.destinationOfSymbolicLink(atPath: "/proc/\(entry)/cwd"))?.appending("/").hasPrefix(scratch) == true,
                  !((try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8))?.contains(") Z ") ?? true)
            else { continue }
            return true
        }
        return false
    }

    func statusJSON() throws -> [String: Any] {
        let out = try forge("status", "--json")
        guard out.status == 0,
              let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any]
        else { throw FixtureError.failed("status --json: \(out.stderr)") }
        return json
    }

    func store() throws -> ForgeStore { try ForgeStore.open(StoreLocation(commonDirectory: path + "/.git")) }

    /// Every entry of a directory: name → bytes or symlink target, and mode.
    func snapshot(_ directory: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let full = directory + "/" + name
            var st = stat()
            lstat(full, &st)
            let body = (st.st_mode & S_IFMT) == S_IFLNK
                ? "link:" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "")
                : (FileManager.default.contents(atPath: full)?.base64EncodedString() ?? "")
            result[name] = String(st.st_mode, radix: 8) + " " + body
        }
        return result
    }
}

/// A process that is surely gone: started, waited for.
func deadPID() throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/true")
    try p.run()
    p.waitUntilExit()
    return p.processIdentifier
}

extension GitFixture {
    /// Points the repository's GitHub remote at a fake forge on loopback (anonymous REST, no
    /// pacing) that knows `numbers`, so background resolvers really drain. Keep the returned
    /// forge alive for the test's duration.
    func useFakeForge(numbers: ClosedRange<Int> = 1...50) throws -> FakeForge {
        let forge = try FakeForge(.github)
        forge.add(repo: "o/r", items: FakeForgeItem.generate(count: numbers.upperBound))
        try git("config", "forge.apiUrl", forge.apiURL)
        try git("config", "forge.paceMs", "0")
        return forge
    }
}

