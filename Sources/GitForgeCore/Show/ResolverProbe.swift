import Glibc

/// Whether a resolver runs for this store, for `show`'s "resolver running". Asked without taking
/// the resolver's lock (see `ResolverLock`): editors call `show` all the time, and a resolver that
/// starts while a reader holds its lock for a moment would give up.
public enum ResolverProbe {
    public static func isRunning(pidFile: String) -> Bool {
        let fd = open(pidFile, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return FileLock.isHeldByOther(fd)
    }
}
