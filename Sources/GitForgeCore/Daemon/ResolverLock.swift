import Foundation

/// The one-resolver-per-repository lock: an exclusive `flock` on `forge/resolver.pid`, held for
/// the resolver's whole life, with its PID and start time written inside.
///
/// Taking the lock *is* the check: whoever fails to take it leaves, so two starters cannot both
/// win, and the kernel drops the lock when the holder dies (even by `kill -9`), so nothing is ever
/// left to clean up. A clean exit empties the file before unlocking; a file that still names a
/// process which is gone therefore means the resolver was killed: `probe` reports it as stale.
public final class ResolverLock {
    private var fd: Int32
    public let location: StoreLocation

    private init(fd: Int32, location: StoreLocation) {
        self.fd = fd
        self.location = location
    }

    deinit { release() }

    /// Takes the lock without waiting and records this process in the file.
    /// - Returns: nil when another process holds it.
    public static func acquire(_ location: StoreLocation) throws(StoreError) -> ResolverLock? {
        try location.prepare()
        let fd = open(location.pidFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .filesystem(path: location.pidFile, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK || code == EINTR { return nil }
            throw .filesystem(path: location.pidFile, errno: code)
        }
        let record = PidRecord(pid: getpid(), startedAt: Int64(Date().timeIntervalSince1970),
                               processStart: PidRecord.processStart(getpid()))
        let bytes = Array(record.line.utf8)
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard fchmod(fd, 0o600) == 0, ftruncate(fd, off_t(bytes.count)) == 0, written == bytes.count else {
            let code = errno
            close(fd)
            throw .filesystem(path: location.pidFile, errno: code)
        }
        return ResolverLock(fd: fd, location: location)
    }

    /// Empties the file (a clean exit leaves no PID behind) and lets the next resolver in.
    public func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        close(fd)  // closing the only descriptor drops the flock
        fd = -1
    }

    /// Who the file names, read without touching the lock, so a `status` can never make a
    /// starting resolver think another one holds it.
    /// - Returns: nil when no resolver has run or the last one exited cleanly.
    public static func probe(_ location: StoreLocation) -> PidRecord? {
        guard let data = FileManager.default.contents(atPath: location.pidFile),
              let record = PidRecord(String(decoding: data, as: UTF8.self)) else { return nil }
        return record
    }
}

/// What `forge/resolver.pid` holds: `<pid> <start, Unix seconds> <kernel start ticks or ->`.
public struct PidRecord: Sendable, Equatable {
    public var pid: Int32
    public var startedAt: Int64
    /// Field 22 of `/proc/<pid>/stat`: tells a live resolver from an unrelated process that got
    /// the same PID after the resolver died.
    public var processStart: String

    var line: String { "\(pid) \(startedAt) \(processStart)\n" }

    /// A record for any process (tests, tools): liveness by PID alone.
    public init(pid: Int32) { self.init(pid: pid, startedAt: 0, processStart: "-") }

    init(pid: Int32, startedAt: Int64, processStart: String) {
        self.pid = pid
        self.startedAt = startedAt
        self.processStart = processStart
    }

    init?(_ text: String) {
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count >= 2, let pid = Int32(fields[0]), pid > 0, let started = Int64(fields[1]) else { return nil }
        self.init(pid: pid, startedAt: started, processStart: fields.count > 2 ? String(fields[2]) : "-")
    }

    /// Whether the process the file names is still this resolver.
    public var isAlive: Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = Self.procStat(pid) else { return true }  // no /proc: trust kill()
        if stat.state == "Z" { return false }
        return processStart == "-" || stat.start == processStart
    }

    static func processStart(_ pid: Int32) -> String { procStat(pid)?.start ?? "-" }

    /// State and start time from `/proc/<pid>/stat` (after the `(comm)` field, which may hold spaces).
    private static func procStat(_ pid: Int32) -> (state: Character, start: String)? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let paren = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: paren)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        guard fields.count > 19, let state = fields[0].first else { return nil }
        return (state, String(fields[19]))
    }
}
