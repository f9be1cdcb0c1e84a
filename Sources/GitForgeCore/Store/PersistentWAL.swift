import GRDB
import GRDBSQLite

extension Database {
    /// Keeps the `-wal` file when the last connection closes (it is still checkpointed).
    ///
    /// SQLite deletes it by default, and GRDB's `DatabasePool` then finds no WAL on the next open
    /// and writes a dummy table to create one: for a command run from a hook, that is a WAL file
    /// created and synced on every start and deleted on every exit — the costliest part of an
    /// ingest of one commit.
    /// The corresponding SQLite call is `sqlite3_file_control(SQLITE_FCNTL_PERSIST_WAL)`.
    func keepWALFile() {
        guard let connection = sqliteConnection else { return }
        var on: Int32 = 1
        _ = sqlite3_file_control(connection, "main", SQLITE_FCNTL_PERSIST_WAL, &on)
    }
}
