import Foundation

/// Writes and removes git forge's hooks in one hooks directory.
///
/// A hook that is already there and is not ours is *moved*, not copied, to `<name>.forge-chained`
/// (a rename keeps its bytes, mode, owner and inode, and a symlink stays a symlink), and our script
/// runs it first. The filesystem is therefore the whole record of what install did: uninstall
/// removes our file and renames the chained one back, which restores the directory exactly.
public struct HookInstaller: Sendable {
    public static let chainedSuffix = ".forge-chained"

    public let directory: String

    public init(directory: String) { self.directory = directory }

    public struct Report: Sendable, Equatable {
        /// Hooks written where there was none.
        public var written: [String] = []
        /// Hooks written after moving the user's hook to `<name>.forge-chained`.
        public var chained: [String] = []
        /// Ours from an older git forge, rewritten.
        public var updated: [String] = []
        /// Already ours and current.
        public var unchanged: [String] = []
        /// Ours, but edited since: left alone.
        public var edited: [String] = []
    }

    public struct RemovalReport: Sendable, Equatable {
        public var removed: [String] = []
        /// The user's hook put back in place.
        public var restored: [String] = []
        /// No longer ours (replaced since install): left alone.
        public var skipped: [String] = []
        /// Ours, but edited since install: left alone.
        public var edited: [String] = []
    }

    /// Installs every hook in `HookScripts.names`; installing twice changes nothing.
    /// - Throws: `HookError` when the directory cannot be written, or a chained hook is already
    ///   parked under the name we would use.
    /// - Parameter overwritingEdits: write ours over a copy of ours that was edited since
    ///   (`install --overwrite-edited`; `--force` is only about whose directory it is).
    public func install(overwritingEdits: Bool = false) throws(HookError) -> Report {
        try createDirectory()
        var report = Report()
        for name in HookScripts.names {
            let path = self.path(name), script = HookScripts.script(name)!
            switch Self.contents(path) {
            case .none:
                try write(script, to: path)
                report.written.append(name)
            case let .some(existing) where HookScripts.isOurs(existing, name: name):
                // A hook that lost its execute bit is one git skips (with a hint nobody reads
                // inside a GUI): written again, it gets it back.
                if existing == script, Self.isExecutable(path) {
                    report.unchanged.append(name)
                } else if overwritingEdits || HookScripts.isUnedited(existing, name: name) {
                    try write(script, to: path)
                    report.updated.append(name)
                } else {
                    report.edited.append(name)
                }
            case .some:
                let parked = path + Self.chainedSuffix
                if Self.exists(parked) { throw .chainedExists(parked) }
                guard rename(path, parked) == 0 else { throw .filesystem(path: path, errno: errno) }
                do {
                    try write(script, to: path)
                } catch {
                    // Ours could not be written (disk full, quota): the user's hook goes back
                    // where it was, so a failed install leaves the directory as it found it.
                    rename(parked, path)
                    throw error
                }
                report.chained.append(name)
            }
        }
        return report
    }

    /// Removes our hooks and puts back what each replaced.
    public func uninstall() throws(HookError) -> RemovalReport {
        var report = RemovalReport()
        for name in HookScripts.names {
            let path = self.path(name), parked = path + Self.chainedSuffix
            guard let existing = Self.contents(path) else { continue }
            guard HookScripts.isOurs(existing, name: name) else {
                if Self.exists(parked) { report.skipped.append(name) }
                continue
            }
            guard HookScripts.isUnedited(existing, name: name) else {
                report.edited.append(name)
                continue
            }
            if Self.exists(parked) {
                guard rename(parked, path) == 0 else { throw .filesystem(path: parked, errno: errno) }
                report.restored.append(name)
            } else {
                guard unlink(path) == 0 else { throw .filesystem(path: path, errno: errno) }
                report.removed.append(name)
            }
        }
        return report
    }

    /// Whether all our hooks are in place (for `status` and tests).
    public var isInstalled: Bool { missing.isEmpty }

    /// Our hooks that are not in place (absent, or another program's file): `status` names them.
    public var missing: [String] {
        HookScripts.names.filter { name in
            !(Self.contents(path(name)).map { HookScripts.isOurs($0, name: name) } ?? false)
        }
    }

    func path(_ name: String) -> String { directory + "/" + name }

    /// `mkdir -p` (a fresh `core.hooksPath` may not exist yet).
    private func createDirectory() throws(HookError) {
        var prefix = ""
        for part in directory.split(separator: "/") {
            prefix += "/" + part
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { throw .filesystem(path: prefix, errno: errno) }
        }
    }

    private static func isExecutable(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IXUSR != 0
    }

    /// Writes through a temporary file and a rename, so git never runs a half-written hook and a
    /// crash leaves the old one or the new one, never an empty file. The temporary file has a name
    /// of its own (`mkstemp`, created exclusively): a fixed name would follow whatever link or
    /// file is already there. `fsync` before the rename, and of the directory after it, so the
    /// rename cannot reach the disk before the bytes do.
    private func write(_ script: String, to path: String) throws(HookError) {
        var template = Array((path + ".forge-tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .filesystem(path: path, errno: errno) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temporary = String(cString: template)
        let bytes = Array(script.utf8)
        var failure: Int32 = 0
        if writeAll(fd, bytes) != bytes.count { failure = errno == 0 ? EIO : errno }
        if failure == 0, fchmod(fd, 0o755) != 0 { failure = errno }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw .filesystem(path: path, errno: failure)
        }
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// A hook file's text, following symlinks; nil when there is no file (or a dangling link).
    static func contents(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else {
            return exists(path) ? "" : nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// True for any directory entry, dangling symlinks included.
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }
}

public enum HookError: Error, Equatable, Sendable, CustomStringConvertible {
    case filesystem(path: String, errno: Int32)
    case chainedExists(String)

    public var description: String {
        switch self {
        case let .filesystem(path, code):
            "cannot write '\(path)': \(String(cString: strerror(code)))"
        case let .chainedExists(path):
            "'\(path)' already exists; move it away (it holds a hook git forge chained earlier) and run install again"
        }
    }
}

/// All of `bytes`, resuming after a short write or EINTR.
/// - Returns: how many were written; fewer means `errno` says why.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int {
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if n < 0, errno == EINTR { continue }
        guard n > 0 else { return done }
        done += n
    }
    return done
}
