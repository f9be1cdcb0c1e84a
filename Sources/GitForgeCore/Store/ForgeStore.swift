import Foundation
import GRDB
import GRDBSQLite

/// One repository's SQLite store: the eventlog, the tables derived from it, and (later layers) the
/// forge cache and resolver state. WAL mode lets `show` and `status` read while a resolver or a
/// hook writes; the busy timeout turns lock contention between processes into waiting, not errors.
public final class ForgeStore: @unchecked Sendable {
    /// The connection; for a store still being created (`NewStore`), the new file's, which the
    /// first use outside `fillNew` puts in place first.
    var writer: DatabaseQueue {
        get throws {
            state.lock()
            defer { state.unlock() }
            if let new = newStore, !filling {
                queue = try new.install()
                newStore = nil
            }
            return queue
        }
    }
    private var queue: DatabaseQueue
    /// Set while the store is a new file beside `forge.db` (see `NewStore`).
    private var newStore: NewStore?
    private var filling = false
    private let state = NSLock()
    public let path: String
    /// Where a corrupt database was moved before this store was created in its place, if it was.
    public private(set) var movedAsideCorruptStore: String?

    /// Opens (creating if needed) the store at `location`, migrating it forward. A database SQLite
    /// reports as corrupt is moved aside (never deleted) and a new one created: the eventlog is
    /// rebuilt from git by the next ingest and the cache from the forge by the next sync.
    ///
    /// One connection (a `DatabaseQueue` in WAL mode), not GRDB's pool: no command reads and writes
    /// at once in-process (other processes read beside a writer through WAL), and the pool's setup
    /// and second connection cost ~2 ms of a hook's 8 ms ingest.
    /// - Throws: `StoreError.newerSchema` when a newer git-forge wrote it; other `StoreError`s when
    ///   the directory or file cannot be created or read.
    /// - Parameter converting: called before a conversion that rewrites the whole store (once, on
    ///   the first open after an upgrade: ~40 s at a million commits), so a command can say why
    ///   it waits.
    public static func open(_ location: StoreLocation, converting: () -> Void = {}) throws(StoreError) -> ForgeStore {
        // Which file was found corrupt, taken before SQLite opens it: by the time the error
        // is handled, another process may have moved it aside and created a fresh one.
        let opened = location.databaseIdentity()
        do {
            return try openOnce(location, converting: converting)
        } catch .corrupt {
            let aside = try location.moveDatabaseAside(ifStill: opened ?? location.databaseIdentity())
            let store = try openOnce(location, converting: converting)
            store.movedAsideCorruptStore = aside
            return store
        }
    }

    private static func openOnce(_ location: StoreLocation, converting: () -> Void) throws(StoreError) -> ForgeStore {
        try location.prepare()
        try location.createPrivateFile(location.database)
        // Two commands that find no store (the first ingest and a `status`, say) must not both
        // create it: each would run the migrations and one would fail half-way ("table meta
        // already exists"). Creating and migrating hold a lock on the directory; opening an
        // up-to-date store, every run but the first after an upgrade, takes none.
        var lock: DirectoryLock?
        if location.isDatabaseEmpty {
            // A store this process is creating holds the lock, and flock excludes another
            // descriptor of the same process too: put that one in place rather than wait on it.
            try Self.creating.installIfIdle(location.directory)
            lock = try location.lockDirectory()
            // Still empty now that no one else is creating it: this process creates it, in a new
            // file that is renamed into place whole (`NewStore`), holding the lock until then.
            if location.isDatabaseEmpty, let held = lock {
                lock = nil
                let new = try NewStore(location, lock: held)
                let store = ForgeStore(writer: new.queue, path: location.database, new: new)
                Self.creating.add(store, for: location.directory)
                return store
            }
        }
        defer { withExtendedLifetime(lock) {} }
        do {
            let store = try ForgeStore(writer: openConnection(location.database), path: location.database)
            if try store.needsMigration() {
                if lock == nil { lock = try location.lockDirectory() }
                // GRDB's migrator reads what is applied again: another process may have done it.
                let compacting = try CompactMigration.isPending(store.writer)
                if compacting { converting() }
                try Migrations.migrator.migrate(store.writer)
                // `v9-compact` rebuilt every table: the old rows' pages stay in the file, free,
                // until a VACUUM (a 25,000-commit store: 16 MB before, 19 MB after, 6 MB vacuumed).
                if compacting { try store.writer.vacuum() }
            }
            return store
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError
                    where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB {
            throw .corrupt(path: location.database)
        } catch {
            throw .database("cannot open store '\(location.database)': \(Self.describe(error))")
        }
    }

    /// The store's one connection, in WAL mode.
    static func openConnection(_ path: String) throws -> DatabaseQueue {
        SQLiteSettings.applied
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            keepWALFiles(db)
            // Once the file is in WAL mode this only reads the setting.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        return try DatabaseQueue(path: path, configuration: config)
    }

    /// By default the last connection to close deletes `-wal` and `-shm`, so the next command
    /// creates both again: two inode creations and two unlinks, ~0.5 ms of a 8 ms `show`. Kept,
    /// the files are reused; the size limit truncates the WAL back after a large write (a first
    /// ingest writes the whole history through it).
    private static func keepWALFiles(_ db: Database) {
        var persist: Int32 = 1
        sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &persist)
        try? db.execute(sql: "PRAGMA journal_size_limit = 1048576")
    }

    /// A throwaway store for tests.
    public static func inMemory() throws -> ForgeStore {
        SQLiteSettings.applied
        let store = ForgeStore(writer: try DatabaseQueue(), path: ":memory:")
        try Migrations.migrator.migrate(store.writer)
        return store
    }

    private init(writer: DatabaseQueue, path: String, new: NewStore? = nil) {
        queue = writer
        self.path = path
        newStore = new
    }

    /// Puts a store being created in place now, unless a fill is writing it.
    fileprivate func installIfIdle() throws(StoreError) {
        state.lock()
        defer { state.unlock() }
        if let new = newStore, !filling {
            queue = try new.install()
            newStore = nil
        }
    }

    /// Stores this process is creating, by directory (held weakly).
    fileprivate static let creating = CreatingStores()

    /// Runs `body` (a whole-history ingest) on a store this process is creating, before the new
    /// file goes into place: in it, every write goes to a file no one else reads, without a
    /// journal or an fsync. Then the file is synced once and renamed to `forge.db`.
    /// - Returns: nil, without running `body`, when the store already existed.
    func fillNew<T>(_ body: () throws -> T) throws -> T? {
        state.lock()
        guard let new = newStore else {
            state.unlock()
            return nil
        }
        filling = true
        state.unlock()
        defer {
            state.lock()
            filling = false
            state.unlock()
        }
        do {
            let result = try body()
            state.lock()
            defer { state.unlock() }
            queue = try new.install()
            newStore = nil
            return result
        } catch {
            // Without a journal a rollback may leave pages behind: start the new file again, so
            // a failed first ingest still leaves an empty store, as it always has.
            state.lock()
            defer { state.unlock() }
            queue = try new.restart()
            throw error
        }
    }

    /// Whether a migration is missing. An up-to-date store (every run but the first after an
    /// upgrade) then skips the migrator's barrier write and its own schema queries: opening is on
    /// the hook's hot path, and `show`/`status` stay pure WAL readers that never wait behind a
    /// resolver's transaction.
    /// - Throws: `StoreError.newerSchema` when a newer git-forge wrote it.
    private func needsMigration() throws -> Bool {
        let known = Migrations.migrator.migrations
        // The migrator's own checks (`hasBeenSuperseded`, `hasCompletedMigrations`) build a
        // Set<String>, whose first use costs a scan of every protocol conformance in the binary
        // (~0.2 ms); two small arrays answer the same questions.
        let applied = try writer.read { db in
            try String.fetchOne(db, sql: "SELECT name FROM sqlite_master WHERE name = 'grdb_migrations'") == nil
                ? [] : String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        if applied.contains(where: { !known.contains($0) }) { throw StoreError.newerSchema(path: path) }
        return !known.allSatisfy(applied.contains)
    }

    /// A short message for a GRDB error, without the SQL (which may hold forge data).
    static func describe(_ error: any Error) -> String {
        if let db = error as? DatabaseError, db.resultCode == .SQLITE_FULL {
            // SQLite's own "database or disk is full" leaves the user guessing what to do.
            return "the disk is full; free some space and run the command again "
                + "(nothing is lost: what was not saved is read again from git)"
        }
        if let db = error as? DatabaseError { return db.message ?? "SQLite error \(db.resultCode.rawValue)" }
        return String(describing: error)
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.read(body) } catch { throw .database(Self.describe(error)) }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try writer.write(body) } catch {
            throw .database("cannot write the store '\(path)': \(Self.describe(error))")
        }
    }
}

extension ForgeStore {
    static func meta(_ db: Database, _ key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
    }

    /// Leaves an unchanged row alone, so a run with nothing new (a hook after a checkout)
    /// commits an empty transaction: no WAL frames, no checkpoint.
    static func setMeta(_ db: Database, _ key: String, _ value: String) throws {
        try db.execute(sql: """
            INSERT INTO meta(key, value) VALUES (?, ?)
            ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value
            """, arguments: [key, value])
    }
}

/// The stores this process is creating (`NewStore`), so that a second open of one of them in the
/// same process installs the first instead of waiting for its directory lock for ever.
final class CreatingStores: @unchecked Sendable {
    private struct Weak { weak var store: ForgeStore? }
    private var stores: [String: Weak] = [:]
    private let lock = NSLock()

    fileprivate func add(_ store: ForgeStore, for directory: String) {
        lock.lock()
        defer { lock.unlock() }
        stores = stores.filter { $0.value.store != nil }
        stores[directory] = Weak(store: store)
    }

    fileprivate func installIfIdle(_ directory: String) throws(StoreError) {
        lock.lock()
        let store = stores[directory]?.store
        lock.unlock()
        try store?.installIfIdle()
    }
}
