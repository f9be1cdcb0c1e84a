import Glibc

/// Whether a resolver runs for this store. The resolver holds an exclusive `flock` on
/// `resolver.pid` for its whole life, so a failed non-blocking attempt on a descriptor of our own
/// means another process holds it; a PID in the file proves nothing (it may be stale).
public enum ResolverProbe {
    public static func isRunning(pidFile: String) -> Bool {
        let fd = open(pidFile, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            // We got it, so nobody had it: give it back at once so a starting resolver is never
            // turned away by a reader.
            flock(fd, LOCK_UN)
            return false
        }
        return errno == EWOULDBLOCK
    }
}
