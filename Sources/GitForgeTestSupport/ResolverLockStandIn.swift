import Glibc

/// Holds the resolver's lock from the test process, as a running resolver would: an OFD lock
/// on `forge/resolver.pid`, the kind `ResolverLock` takes (a `flock` would not be seen by it).
public final class ResolverLockStandIn {
    private var fd: Int32

    public init(_ path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FixtureError.failed("cannot open \(path): errno \(errno)") }
        var request = flock()
        request.l_type = Int16(F_WRLCK)
        request.l_whence = Int16(SEEK_SET)
        guard fcntl(fd, 37 /* F_OFD_SETLK */, &request) == 0 else {
            let code = errno
            close(fd)
            throw FixtureError.failed("cannot lock \(path): errno \(code)")
        }
    }

    /// Replaces what the file says (`<pid> <start> <ticks or ->`), keeping the locked inode.
    public func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = ftruncate(fd, off_t(bytes.count))
    }

    /// Lets go without emptying the file, as the kernel does for a holder killed with -9.
    public func drop() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { drop() }
}
