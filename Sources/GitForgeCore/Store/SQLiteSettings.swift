import CSQLiteConfig

/// SQLite's process-wide settings, which hold only when made before its first connection: every
/// place that opens one touches `applied` first (`ForgeStore.openConnection`, `NewStore`).
enum SQLiteSettings {
    /// Memory statistics off (`gf_sqlite_configure`): a global mutex per SQLite allocation
    /// otherwise, taken and released ~2 million times on a 25,000-commit first ingest's writer thread.
    static let applied: Void = { _ = gf_sqlite_configure() }()
}
