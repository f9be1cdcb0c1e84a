/// `git forge publish [<remote>] [--no-push]` past argument parsing: writes the shared cache's
/// refs from the store and pushes them (docs/sharing.md).
public enum PublishCommand {
    /// - Parameters:
    ///   - remote: where to push; nil: the shared cache's configured remote.
    ///   - push: false for `--no-push`: write the local refs only.
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, remote: String?, push: Bool) throws {
        let (workspace, store) = try context.openSharing()
        let cache = try context.reportingErrors { () throws -> SharedCache in
            do { return try SharedCache(workspace: workspace, store: store) } catch {
                throw CommandFailure("cannot publish: \(error)")
            }
        }
        let target = remote ?? cache.settings.remote
        let report = try context.reportingErrors { () throws -> SharedCache.PublishReport in
            _ = try workspace.ingest(into: store)
            if let line = SharedCache.logLine(workspace.sharedImport) { context.print(line) }
            return try cache.publish(to: push ? target : nil)
        }
        let w = report.written
        context.print(w.cacheChanged
                      ? "Wrote \(SharedRefs.cache): \(plural(w.records, "record")) (\(w.newRecords) new or changed)."
                      : "\(SharedRefs.cache) is up to date: \(plural(w.records, "record")).")
        context.print(w.notesChanged
                      ? "Wrote \(SharedRefs.notes): \(plural(w.notes, "note")) (\(w.newNotes) new or changed)."
                      : "\(SharedRefs.notes) is up to date: \(plural(w.notes, "note")).")
        guard let pushed = report.remote else {
            context.print("Not pushed (--no-push); 'git forge publish \(target)' pushes both.")
            return
        }
        if report.merged {
            context.print("Pushed both to \(pushed), merged with what another clone had published "
                          + "(\(plural(report.attempts, "attempt")).")
        } else {
            context.print("Pushed both to \(pushed).")
        }
    }
}

/// `git forge fetch [<remote>]` past argument parsing: fetches the shared cache's refs, merges
/// them into the local ones and imports their records into the store.
public enum FetchCommand {
    /// - Parameter remote: where to fetch from; nil: the shared cache's configured remote.
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, remote: String?) throws {
        let (workspace, store) = try context.openSharing()
        let cache = try context.reportingErrors { () throws -> SharedCache in
            do { return try SharedCache(workspace: workspace, store: store) } catch {
                throw CommandFailure("cannot fetch the shared cache: \(error)")
            }
        }
        let source = remote ?? cache.settings.remote
        let report = try context.reportingErrors { () throws -> SharedCache.ImportReport? in
            try cache.fetch(from: source)
            // Ingest first, so the import settles the newest references too; then read every
            // record, so each one skipped is named here.
            _ = try workspace.ingest(into: store)
            return try cache.importNow(remote: source, full: true)
        }
        guard let report else {
            context.print("\(source) has no shared cache yet ('git forge publish \(source)' creates it).")
            return
        }
        context.print(report.summary)
        for reason in report.reasons { context.printError("warning: skipped \(reason)") }
    }
}

extension CommandContext {
    /// The repository and its store, for a command that writes the shared cache.
    fileprivate func openSharing() throws(CommandExit) -> (Workspace, ForgeStore) {
        try reportingErrors { () throws -> (Workspace, ForgeStore) in
            let workspace = try discover()
            return (workspace, try openStore(workspace))
        }
    }
}

/// A command's own failure: said as one `error: …` line by `reportingErrors`.
private struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

private func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
