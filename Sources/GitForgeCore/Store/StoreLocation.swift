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
    ///
    /// It must be a real directory of this user's: `.git` can come from elsewhere (an unpacked
    /// archive, a shared checkout), and a `forge` symlink there would have the cache of private
    /// repositories, and the resolver's log, written wherever it points. Its files are opened
    /// with `O_NOFOLLOW` for the same reason.
    /// - Throws: `StoreError.unsafeDirectory` for a symlink, a non-directory or another owner.
    public func prepare() throws(StoreError) {
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw .filesystem(path: directory, errno: errno)
        }
        let fd = try openDirectory()
        defer { close(fd) }
        if fchmod(fd, 0o700) != 0 { throw .filesystem(path: directory, errno: errno) }
        // SQLite opens the -wal and -shm files itself, following links: a directory that came
        // with the repository may hold them.
        for name in Self.files {
            var info = stat()
            if fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK {
                throw .unsafeDirectory(path: directory + "/" + name, reason: "is a symbolic link")
            }
        }
    }

    private static let files = ["forge.db", "forge.db-wal", "forge.db-shm", "resolver.pid", "resolver.log", "resolver.log.1"]

    /// The directory, opened without following a link, once `lstat` has shown it is ours.
    private func openDirectory() throws(StoreError) -> Int32 {
        var info = stat()
        guard lstat(directory, &info) == 0 else { throw .filesystem(path: directory, errno: errno) }
        if info.st_mode & S_IFMT == S_IFLNK { throw .unsafeDirectory(path: directory, reason: "is a symbolic link") }
        if info.st_mode & S_IFMT != S_IFDIR { throw .unsafeDirectory(path: directory, reason: "is not a directory") }
        if info.st_uid != geteuid() { throw .unsafeDirectory(path: directory, reason: "belongs to another user") }
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .filesystem(path: directory, errno: errno) }
        return fd
    }

    /// The database file's identity, to tell later whether it is still the same file.
    public func databaseIdentity() -> FileIdentity? {
        var info = stat()
        guard lstat(database, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Renames the database and its -wal/-shm files to `forge.db.corrupt-<time>-<unique>` (kept
    /// for inspection) and returns the new name of the database, or nil when the database is no
    /// longer `failed`: another process (two hooks at once) moved it aside first and created a
    /// new one, which must not be moved in turn.
    ///
    /// Done under the directory lock, so the check and the renames are one step against other
    /// git forge processes, and under a name no one else can have (`mkstemp`): two hooks that
    /// found the same corrupt file in the same second used to rename to one name, the second
    /// overwriting the first's kept copy.
    public func moveDatabaseAside(ifStill failed: FileIdentity?) throws(StoreError) -> String? {
        let lock = try lockDirectory()
        defer { withExtendedLifetime(lock) {} }
        guard let failed, databaseIdentity() == failed else { return nil }
        var template = Array("\(database).corrupt-\(Int(Date().timeIntervalSince1970))-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .filesystem(path: database, errno: errno) }
        close(fd)
        let target = String(cString: template)
        for suffix in ["-wal", "-shm", ""] where access(database + suffix, F_OK) == 0 {
            // The -wal/-shm names are the kept database's own, which mkstemp reserved.
            if rename(database + suffix, target + suffix) != 0 {
                throw .filesystem(path: database + suffix, errno: errno)
            }
        }
        return target
    }

    /// For read-only commands, which create nothing: a `forge` that exists must pass `prepare`'s
    /// checks (a symlink or another user's directory is refused, not read through).
    public func checkIfPresent() throws(StoreError) {
        var info = stat()
        guard lstat(directory, &info) == 0 else { return }
        close(try openDirectory())
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
        let fd = try openDirectory()
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
        let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw .filesystem(path: path, errno: errno) }
        defer { close(fd) }
        if fchmod(fd, 0o600) != 0 { throw .filesystem(path: path, errno: errno) }
    }
}

/// Which file a path named at one moment: a rename keeps it, a new file at the path has another.
public struct FileIdentity: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
}

/// An exclusive `flock` on the store's directory, released with this object.
final class DirectoryLock {
    private let fd: Int32
    fileprivate init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }
}
