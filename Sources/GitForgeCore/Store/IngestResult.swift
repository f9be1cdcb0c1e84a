/// What one ingest wrote (`Ingester.Result`). Declared here, beside the writer that counts it
/// (`EventWriter`), so that `Store/` names nothing of `Ingest/`.
public struct IngestResult: Sendable, Equatable {
    /// Commits in the store after this run.
    public var commits: Int
    public var newCommits: Int
    /// New rows in the reference backlog.
    public var newRefs: Int
}
