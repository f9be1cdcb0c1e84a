import Foundation

/// The one-resolver-per-repository lock: an exclusive lock on `forge/resolver.pid`, held for
/// the resolver's whole life, with its PID and start time written inside.
///
/// Taking the lock *is* the check: whoever fails to take it leaves, so two starters cannot both
/// win, and the kernel drops the lock when the holder dies (even by `kill -9`), so nothing is ever
/// left to clean up. A clean exit empties the file before unlocking; a file that still names a
/// process which is gone therefore means the resolver was killed: `probe` reports it as stale.
///
/// It is an OFD (open file description) `fcntl` lock, not a `flock`, because `flock` has no way
/// to ask "is it held?" without taking it: `show`, which editors run on every cursor move, took
/// it for a moment to find out, and a resolver starting in that moment saw it taken and gave up.
/// `F_OFD_GETLK` answers without taking anything. OFD locks keep what `flock` gave: they belong
/// to the open file (not the process, as classic `F_SETLK` locks do, which any `close` of the
/// file anywhere in the process would drop) and go with its last descriptor. Retrying the
/// acquire instead would only have made the race rarer. The two kinds do not see each other: a
/// resolver of a git forge from before this change, still running across an upgrade, is not
/// seen until it exits.
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
        let fd = open(location.pidFile, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .filesystem(path: location.pidFile, errno: errno) }
        let code = FileLock.tryExclusive(fd)
        guard code == 0 else {
            close(fd)
            if code == EAGAIN || code == EACCES || code == EINTR { return nil }
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
        close(fd)  // closing the only descriptor drops the lock
        fd = -1
    }

    /// Whether some process holds the lock, asked without taking it.
    public static func isHeld(_ location: StoreLocation) -> Bool {
        let fd = open(location.pidFile, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return FileLock.isHeldByOther(fd)
    }

    /// The running resolver, to be signalled: the file names a live process *and* the lock is
    /// held. The lock held settles that a resolver runs, so a PID the kernel has since handed to
    /// an unrelated process (the file of a killed resolver) is never signalled.
    public static func holder(_ location: StoreLocation) -> PidRecord? {
        guard let record = probe(location), record.isAlive, isHeld(location) else { return nil }
        return record
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

/// Whole-file OFD locks (Linux 3.15+). The commands are spelled out because Glibc declares them
/// only under `_GNU_SOURCE`, which Swift's Glibc module is not built with; the values are ABI.
enum FileLock {
    private static let getLock: Int32 = 36  // F_OFD_GETLK
    private static let setLock: Int32 = 37  // F_OFD_SETLK

    /// Takes an exclusive lock on the whole file without waiting.
    /// - Returns: 0, or the errno (`EAGAIN`/`EACCES` when another open file holds it).
    static func tryExclusive(_ fd: Int32) -> Int32 {
        var request = wholeFile(Int16(F_WRLCK))
        return fcntl(fd, setLock, &request) == 0 ? 0 : errno
    }

    /// Whether another open file holds a lock that an exclusive one would conflict with.
    static func isHeldByOther(_ fd: Int32) -> Bool {
        var request = wholeFile(Int16(F_WRLCK))
        guard fcntl(fd, getLock, &request) == 0 else { return false }
        return request.l_type != Int16(F_UNLCK)
    }

    private static func wholeFile(_ type: Int16) -> flock {
        var request = flock()
        request.l_type = type
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        request.l_pid = 0  // OFD requests must leave it zero
        return request
    }
}
