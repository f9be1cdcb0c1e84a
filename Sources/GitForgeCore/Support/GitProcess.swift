import Foundation

/// The `git` program, for what libgit2 does not do, or does much slower (rename following,
/// blame): its standard output handed over in chunks as it arrives, its standard error kept for
/// the message. Spawned with `posix_spawnp` and read with `poll`: Foundation's `Process` starts
/// an extra `env` and a monitoring thread, milliseconds of a `blame` that git answers in ten.
enum GitProcess {
    struct Failure: Error, CustomStringConvertible, Sendable {
        var status: Int32
        var stderr: String
        /// git's own message, `fatal: ` and `error: ` taken off, first line only: the caller
        /// prints it as its own one `error:` line.
        var description: String {
            var line = stderr.split(separator: "\n").first.map(String.init) ?? "git exited with status \(status)"
            for prefix in ["fatal: ", "error: "] where line.hasPrefix(prefix) { line.removeFirst(prefix.count) }
            return line
        }
    }

    struct SpawnError: Error, CustomStringConvertible, Sendable {
        var errno: Int32
        var description: String { "cannot run git: \(String(cString: strerror(errno)))" }
    }

    /// Runs `git <arguments>` in the current directory with this process's environment.
    /// - Parameter output: called with each chunk of standard output, in order.
    /// - Throws: `Failure` when git exits non-zero, `SpawnError` when it cannot start; errors
    ///   `output` throws (git is then read to its end, not killed mid-write).
    static func run(_ arguments: [String], output: (UnsafeRawBufferPointer) throws -> Void) throws {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard pipe(&out) == 0 else { throw SpawnError(errno: errno) }
        guard pipe(&err) == 0 else {
            close(out[0]); close(out[1])
            throw SpawnError(errno: errno)
        }
        // Not inherited by git beyond its own stdout and stderr (dup2 clears the flag there).
        for fd in out + err { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO)
        let argv: [UnsafeMutablePointer<CChar>?] = (["git"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "git", &actions, nil, argv, environ)
        close(out[1])
        close(err[1])
        defer { close(out[0]); close(err[0]) }
        guard rc == 0 else { throw SpawnError(errno: rc) }

        var errBytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: (any Error)?
        var fds = [pollfd(fd: out[0], events: Int16(POLLIN), revents: 0), pollfd(fd: err[0], events: Int16(POLLIN), revents: 0)]
        while fds.contains(where: { $0.fd >= 0 }) {
            if poll(&fds, nfds_t(fds.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { fds[i].fd = -1; continue }
                if i == 1 {
                    errBytes += buffer[0..<n]
                } else if failure == nil {
                    do { try buffer.withUnsafeBytes { try output(UnsafeRawBufferPointer(rebasing: $0[0..<n])) } }
                    catch { failure = error }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if let failure { throw failure }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        let exited = status & 0x7F == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        guard code == 0 else { throw Failure(status: code, stderr: String(decoding: errBytes, as: UTF8.self)) }
    }

    /// Standard output's lines.
    static func lines(_ arguments: [String]) throws -> [String] {
        var data: [UInt8] = []
        try run(arguments) { data.append(contentsOf: $0) }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
