import Foundation

/// The one-resolver-per-repository rule: an exclusive `flock` on `forge/resolver.pid`, held for
/// the whole run and released by the kernel when the process dies (even on `kill -9`), so a stale
/// pid file never blocks anything. The file holds the holder's pid for messages only.
public final class ResolverLock {
    public enum Acquisition {
        case acquired(ResolverLock)
        /// Another process holds it; its pid when the file names one.
        case heldBy(pid: Int32?)
    }

    private let fd: Int32

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Tries to take the lock without waiting.
    /// - Throws: `StoreError.filesystem` when the file cannot be opened.
    public static func acquire(_ location: StoreLocation) throws(StoreError) -> Acquisition {
        try location.prepare()
        let fd = open(location.pidFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .filesystem(path: location.pidFile, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let pid = readPID(fd)
            close(fd)
            return .heldBy(pid: pid)
        }
        fchmod(fd, 0o600)
        ftruncate(fd, 0)
        let text = "\(getpid())\n"
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        return .acquired(ResolverLock(fd: fd))
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingSpaces)
    }
}
