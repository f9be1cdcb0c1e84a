import Foundation

/// Where a repository's store lives: `<git-common-dir>/forge/`, so linked worktrees share one
/// store and one resolver. The directory is 0700 and every file in it 0600, whatever the umask:
/// the cache holds private repositories' titles and bodies.
public struct StoreLocation: Sendable, Equatable {
    public let directory: String

    public init(commonDirectory: String) {
        directory = commonDirectory + "/forge"
    }

    public var database: String { directory + "/forge.db" }
    public var pidFile: String { directory + "/resolver.pid" }
    public var log: String { directory + "/resolver.log" }

    /// Creates the directory (0700) if needed and tightens it if it exists.
    public func prepare() throws(StoreError) {
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw .filesystem(path: directory, errno: errno)
        }
        if chmod(directory, 0o700) != 0 { throw .filesystem(path: directory, errno: errno) }
    }

    /// Renames the database and its -wal/-shm files to `forge.db.corrupt-<time>` (kept for
    /// inspection) and returns the new name of the database.
    public func moveDatabaseAside() throws(StoreError) -> String {
        let stamp = Int(Date().timeIntervalSince1970)
        let target = "\(database).corrupt-\(stamp)"
        for suffix in ["", "-wal", "-shm"] where access(database + suffix, F_OK) == 0 {
            if rename(database + suffix, target + suffix) != 0 {
                throw .filesystem(path: database + suffix, errno: errno)
            }
        }
        return target
    }

    /// True when the database file is missing or empty: the store is about to be created (and
    /// read-only commands have nothing to read, so they do not create it).
    public var isDatabaseEmpty: Bool {
        var info = stat()
        return stat(database, &info) != 0 || info.st_size == 0
    }

    /// Blocks until this process holds an exclusive `flock` on the directory, which it keeps
    /// until the returned lock is released (or the process ends).
    func lockDirectory() throws(StoreError) -> DirectoryLock {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .filesystem(path: directory, errno: errno) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let error = errno
                close(fd)
                throw .filesystem(path: directory, errno: error)
            }
        }
        return DirectoryLock(fd: fd)
    }

    /// Creates `path` as an empty 0600 file if it does not exist, and forces 0600 if it does.
    /// SQLite gives its -wal and -shm files the database file's mode, so this covers them.
    public func createPrivateFile(_ path: String) throws(StoreError) {
        let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .filesystem(path: path, errno: errno) }
        defer { close(fd) }
        if fchmod(fd, 0o600) != 0 { throw .filesystem(path: path, errno: errno) }
    }
}

/// An exclusive `flock` on the store's directory, released with this object.
final class DirectoryLock {
    private let fd: Int32
    fileprivate init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }
}
