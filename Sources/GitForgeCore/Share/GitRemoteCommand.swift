import Foundation

/// Runs `git` itself for everything that talks to a remote: the user's credentials, `insteadOf`
/// rewrites, ssh configuration and proxies apply exactly as for `git fetch` and `git push`, and
/// git forge never touches a transport (libgit2's is not even initialised, docs/architecture.md).
public struct GitRemoteCommand: Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var timedOut: Bool
    }

    /// The repository's git directory, passed as `--git-dir` (and its work tree, if any), so a
    /// child git sees the repository this process opened whatever the current directory.
    let gitDirectory: String
    let workTree: String?

    public init(repository: Repository) {
        gitDirectory = repository.gitDirectory
        workTree = repository.workingDirectory
    }

    /// Runs `git <arguments>`; with `timeout`, a git still running then is terminated
    /// (`timedOut`). `quietPrompts` keeps git from asking for a password (no terminal to ask on).
    public func run(_ arguments: [String], timeout: TimeInterval? = nil, quietPrompts: Bool = false) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var prefix = ["git", "--git-dir=\(gitDirectory)"]
        if let workTree { prefix.append("--work-tree=\(workTree)") }
        process.arguments = prefix + arguments
        var env = ProcessInfo.processInfo.environment
        if quietPrompts {
            env["GIT_TERMINAL_PROMPT"] = "0"
            env["GCM_INTERACTIVE"] = "never"
            env["GIT_SSH_COMMAND"] = env["GIT_SSH_COMMAND"] ?? "ssh -o BatchMode=yes"
        }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        do { try process.run() } catch {
            return Output(status: 127, stdout: "", stderr: "cannot run git: \(error)", timedOut: false)
        }
        let timedOut = TimeoutFlag()
        var timer: DispatchWorkItem?
        if let timeout {
            let item = DispatchWorkItem { [process] in
                if process.isRunning { timedOut.set(); process.terminate() }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: item)
            timer = item
        }
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
        timer?.cancel()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), timedOut: timedOut.value)
    }
}

private final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var flag = false
    func set() { lock.lock(); flag = true; lock.unlock() }
    var value: Bool { lock.lock(); defer { lock.unlock() }; return flag }
}
