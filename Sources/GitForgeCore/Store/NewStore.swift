import Foundation
import GRDB

/// A store being created: a new file beside `forge.db` (`forge.db.new-XXXXXX`), written without a
/// journal or fsyncs, then synced once and renamed into place (`install`).
///
/// Why: a first ingest writes the whole history. Through the WAL every page was written twice
/// (the log, then the checkpoint) with fsyncs, and readers could see the store half-filled. Here
/// readers see no store (`forge.db` empty: `StoreLocation.isDatabaseEmpty`), then the whole one.
/// The directory lock is held from creation to the rename, so a second process that finds no store
/// (two hooks at once) waits and then opens the filled one. A crash leaves only the new file, which
/// the next creation removes.
final class NewStore {
    private let location: StoreLocation
    private var lock: DirectoryLock?
    private(set) var path: String
    private(set) var queue: DatabaseQueue

    /// - Parameter lock: the directory lock, held by the caller, under which `forge.db` is empty.
    init(_ location: StoreLocation, lock: DirectoryLock) throws(StoreError) {
        self.location = location
        self.lock = lock
        Self.removeLeftovers(location)
        (path, queue) = try Self.create(location)
    }

    deinit {
        // Never installed (the process is ending on an error): nothing half-made stays behind.
        if lock != nil {
            try? queue.close()
            unlink(path)
        }
    }

    /// The file again, empty and migrated: after a failed fill, whose pages a rollback without a
    /// journal may not have undone.
    func restart() throws(StoreError) -> DatabaseQueue {
        try? queue.close()
        unlink(path)
        (path, queue) = try Self.create(location)
        return queue
    }

    /// Puts the file in place as `forge.db`, in WAL mode like every store, and returns the
    /// store's connection to it; releases the directory lock.
    func install() throws(StoreError) -> DatabaseQueue {
        do {
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try queue.close()
        } catch {
            throw .database("cannot create the store '\(location.database)': \(ForgeStore.describe(error))")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw .filesystem(path: path, errno: errno) }
        let synced = fsync(fd) == 0
        let error = errno
        close(fd)
        guard synced else { throw .filesystem(path: path, errno: error) }
        // A -wal or -shm left by a store deleted by hand would be read as this file's.
        for suffix in ["-wal", "-shm"] { unlink(location.database + suffix) }
        guard rename(path, location.database) == 0 else { throw .filesystem(path: location.database, errno: errno) }
        let dir = open(location.directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
        lock = nil
        do {
            return try ForgeStore.openConnection(location.database)
        } catch {
            throw .database("cannot open store '\(location.database)': \(ForgeStore.describe(error))")
        }
    }

    private static let prefix = "forge.db.new-"

    private static func create(_ location: StoreLocation) throws(StoreError) -> (String, DatabaseQueue) {
        var template = Array("\(location.directory)/\(prefix)XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }  // 0600
        guard fd >= 0 else { throw .filesystem(path: location.database, errno: errno) }
        close(fd)
        let path = String(cString: template)
        SQLiteSettings.applied
        var config = Configuration()
        config.prepareDatabase { db in
            // No one else opens this file before it is renamed: nothing to recover from a crash
            // (the file is thrown away), so no journal and no syncs until `install`.
            try db.execute(sql: "PRAGMA journal_mode = OFF")
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { try CurrentSchema.create($0) }
            return (path, queue)
        } catch {
            unlink(path)
            throw .database("cannot create the store '\(location.database)': \(ForgeStore.describe(error))")
        }
    }

    /// New files of a run that crashed; only the lock holder creates them, so any found now is stale.
    private static func removeLeftovers(_ location: StoreLocation) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: location.directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            unlink(location.directory + "/" + name)
        }
    }
}
