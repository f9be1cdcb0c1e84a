/// Where a backlog row (`forge_refs.status`) stands; the raw values are the store's and the JSON's
/// spellings (`show --json`'s `status`).
public enum BacklogStatus: String, Sendable, CaseIterable {
    /// Not asked yet, or asked and put off (a transient failure).
    case pending
    /// The item is in the forge cache.
    case resolved
    /// The forge says it does not exist; not asked again until `sync --rebuild`.
    case notFound
    /// Transient failures in `maxAttempts` runs.
    case failed
}
