import Foundation

/// A real git repository in a fresh temporary directory, driven by the `git` command line the
/// way a user would drive it. Every fixture gets its own HOME so the user's and the machine's
/// global configuration cannot leak in (the system file still applies, as for a user).
public final class GitFixture: @unchecked Sendable {
    public let root: URL
    public let home: URL
    public var path: String { root.path }

    public init(bare: Bool = false, initialBranch: String = "main") throws {
        let base = FileManager.default.temporaryDirectory
            .appendingPathComponent("git-forge-tests-\(UUID().uuidString.prefix(8))")
        root = base.appendingPathComponent("repo")
        home = base.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try git("init", "-q", "-b", initialBranch, bare ? "--bare" : nil)
        if !bare {
            try git("config", "user.name", "Test Author")
            try git("config", "user.email", "author@example.com")
            try git("config", "commit.gpgsign", "false")
        }
    }

    /// A fixture over an existing directory (a clone or a worktree made by another fixture).
    public init(existing: URL, home: URL) {
        root = existing
        self.home = home
    }

    deinit { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }

    private static let tokenVariables = ["GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN",
                                         "GITLAB_TOKEN", "GITEA_TOKEN", "FORGEJO_TOKEN"]

    /// The environment a git (or git-forge) child process gets: isolated HOME, no inherited GIT_*,
    /// and none of the forge token variables a CI machine or a developer may have set.
    public var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") && !Self.tokenVariables.contains($0.key) }
        env["PATH"] = Self.noInstalledForge + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["HOME"] = home.path
        env["XDG_CONFIG_HOME"] = home.appendingPathComponent(".config").path
        env["GIT_AUTHOR_NAME"] = "Test Author"
        env["GIT_AUTHOR_EMAIL"] = "author@example.com"
        env["GIT_COMMITTER_NAME"] = "Test Committer"
        env["GIT_COMMITTER_EMAIL"] = "committer@example.com"
        // Local remotes only: `install` fetches the shared cache from the forge remote, and a
        // test's https://github.com/… remote must fail at once instead of reaching the network.
        env["GIT_ALLOW_PROTOCOL"] = "file"
        return env
    }

    /// A directory whose `git-forge` does nothing, first on the fixture's PATH: a git-forge
    /// installed on this machine (`make install`, then `make test`, as the README says) must not
    /// answer the hooks of a test that ran git without the built one (`forgePATH` in the CLI
    /// tests puts that first).
    private static let noInstalledForge: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("git-forge-tests-\(getpid())-no-forge")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let stub = dir.appendingPathComponent("git-forge")
        FileManager.default.createFile(atPath: stub.path, contents: Data("#!/bin/sh\nexit 0\n".utf8),
                                       attributes: [.posixPermissions: 0o755])
        return dir.path
    }()

    @discardableResult
    public func git(_ args: String?..., input: Data? = nil, env extra: [String: String] = [:]) throws -> String {
        let result = try run("/usr/bin/git", args.compactMap { $0 }, input: input, env: extra)
        guard result.status == 0 else {
            throw FixtureError.failed("git \(args.compactMap { $0 }.joined(separator: " ")): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Commits with `message` (an empty commit unless `file` is given) at a fixed, increasing
    /// date, so history order is deterministic. Returns the new commit's sha.
    @discardableResult
    public func commit(_ message: String, file: String? = nil, date: Int? = nil) throws -> String {
        dateCounter += 1
        let stamp = "\(date ?? (1_700_000_000 + dateCounter * 60)) +0000"
        if let file {
            try Data("\(dateCounter)\n".utf8).write(to: root.appendingPathComponent(file))
            try git("add", file)
        }
        let msgFile = root.deletingLastPathComponent().appendingPathComponent("msg-\(dateCounter)")
        try Data(message.utf8).write(to: msgFile)
        try git("commit", "-q", "--allow-empty", "--cleanup=verbatim", "-F", msgFile.path,
                env: ["GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp])
        return try git("rev-parse", "HEAD")
    }

    private var dateCounter = 0

    public struct Output: Sendable, Equatable {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Runs any program in the repository with the fixture's environment.
    public func run(_ executable: String, _ args: [String], input: Data? = nil,
                    env extra: [String: String] = [:], directory: URL? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        process.currentDirectoryURL = directory ?? root
        process.environment = environment.merging(extra) { $1 }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(input) }
        try? inp.fileHandleForWriting.close()
        // Read both pipes before waiting so a large output cannot deadlock the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

public enum FixtureError: Error, CustomStringConvertible {
    case failed(String)
    public var description: String {
        switch self { case let .failed(message): message }
    }
}
