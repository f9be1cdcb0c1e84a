/// `git forge ingest [--json]` past argument parsing: the parsed command and the fast path (the
/// hook's most frequent command line) both run this, with the real context.
public enum IngestCommand {
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, json: Bool) throws {
        let result = try context.reportingErrors {
            let workspace = try context.discover()
            let progress = workspace.ingestProgress(stderrIsTTY: context.terminal.stderrIsTTY) { context.errors.write($0) }
            defer { progress?.finish() }
            return try workspace.ingest(into: context.openStore(workspace), progress: progress)
        }
        if json {
            try context.printJSON(IngestJSON(commits: result.commits, newCommits: result.newCommits, newRefs: result.newRefs))
        } else {
            let s = result.newCommits == 1 ? "" : "s"
            context.print("Ingested \(result.newCommits) new commit\(s) (\(result.commits) in store); \(result.newRefs) new reference\(result.newRefs == 1 ? "" : "s") queued.")
        }
    }
}

/// `ingest --json`: the counts docs/json.md names.
private struct IngestJSON: Encodable {
    var commits: Int
    var newCommits: Int
    var newRefs: Int
}
