import Foundation

/// `forge/resolver.log`: timestamped lines from hooks and resolvers, several processes at once.
///
/// Every line is one `write` to an `O_APPEND` descriptor, so lines from concurrent processes never
/// interleave. The file is rotated to `resolver.log.1` past `capacity`; a process whose descriptor
/// still points at the rotated file notices (by inode) and reopens, so a long-running resolver
/// follows the rotation instead of growing the old file.
public final class ResolverLog: @unchecked Sendable {
    public static let capacity: off_t = 4 << 20

    public let path: String
    private let redirectStandardStreams: Bool
    private let lock = NSLock()
    private var fd: Int32 = -1

    /// - Parameter redirectStandardStreams: in the detached process, keep stdout and stderr on the
    ///   current log too, so a stray message or a crash report lands next to the lines.
    public init(path: String, redirectStandardStreams: Bool = false) {
        self.path = path
        self.redirectStandardStreams = redirectStandardStreams
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends `message` (one line per line of it) with a UTC timestamp and this PID. Lines are
    /// neutralised (`TerminalText`): they quote forge answers, and `tail -f` shows them raw.
    public func write(_ message: String) {
        let stamp = ISODate.format(seconds: Int64(Date().timeIntervalSince1970), offsetMinutes: 0)
        let prefix = "\(stamp) [\(getpid())] "
        let text = message.split(separator: "\n", omittingEmptySubsequences: false)
            .map { prefix + TerminalText.neutralize(String($0)) + "\n" }.joined()
        lock.lock()
        defer { lock.unlock() }
        guard reopenIfRotated() else {
            // No log to write to (`forge/` a symlink, say): git shows a hook's standard error.
            appendBytes(STDERR_FILENO, Array(text.utf8))
            return
        }
        appendBytes(fd, Array(text.utf8))
    }

    private static func isOwnDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR && info.st_uid == geteuid()
    }

    /// Rotates an oversized log before a process starts writing to it.
    public static func rotateIfNeeded(_ path: String) {
        var st = stat()
        if stat(path, &st) == 0, st.st_size > capacity { rename(path, path + ".1") }
    }

    /// The last `lines` lines (both files, so a recent rotation loses nothing).
    public static func tail(_ path: String, lines: Int) -> [String] {
        var all: [Substring] = []
        for file in [path + ".1", path] {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            all += String(decoding: data, as: UTF8.self).split(separator: "\n")
        }
        return all.suffix(lines).map(String.init)
    }

    private func reopenIfRotated() -> Bool {
        Self.rotateIfNeeded(path)
        var onDisk = stat(), mine = stat()
        if fd >= 0, stat(path, &onDisk) == 0, fstat(fd, &mine) == 0, onDisk.st_ino == mine.st_ino {
            return true
        }
        if fd >= 0 { close(fd) }
        fd = -1
        // Never through a symlinked `forge/` (see `StoreLocation.prepare`), nor a linked file.
        guard Self.isOwnDirectory((path as NSString).deletingLastPathComponent) else { return false }
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return false }
        _ = fchmod(fd, 0o600)
        if redirectStandardStreams {
            dup2(fd, STDOUT_FILENO)
            dup2(fd, STDERR_FILENO)
        }
        return true
    }
}

private func appendBytes(_ fd: Int32, _ bytes: [UInt8]) {
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
}
