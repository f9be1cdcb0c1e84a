import Foundation

/// `git forge install [--force] [--overwrite-edited]` past argument parsing: writes the hooks,
/// fetches the shared cache, ingests and starts the resolver, saying each on the context.
public enum InstallCommand {
    /// How long install waits for the remote: it must never hang or fail on an unreachable one.
    public static let sharedFetchTimeout: TimeInterval = 10

    /// - Parameters:
    ///   - force: write the hooks even where `core.hooksPath` is global or a hook manager owns them.
    ///   - overwriteEdited: write over copies of our hooks the user edited. Apart from `force`:
    ///     writing into a hook manager's folder is about whose directory it is, throwing away
    ///     lines the user added to our hook is about their work.
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, force: Bool, overwriteEdited: Bool) throws {
        // A forge.enabled git would not read as a boolean is refused before any hook is
        // written: the hooks would otherwise stop at it on every run, silently.
        let (workspace, hooks, enabled) = try context.reportingErrors {
            let workspace = try context.discover()
            return (workspace, try workspace.repository.hooksDirectory(config: workspace.config),
                    try BackgroundWork.isEnabled(workspace))
        }
        if !force, let owner = HookOwner.detect(hooks: hooks, workTree: workspace.repository.workingDirectory) {
            context.printError("error: \(owner.reason); git forge did not write into '\(hooks.path)'")
            for line in owner.advice { context.printError("hint: \(line)") }
            context.printError("hint: or run `git forge install --force` to write git forge's hooks there anyway")
            throw CommandExit.failure
        }
        let report = try context.reportingErrors {
            try HookInstaller(directory: hooks.path).install(overwritingEdits: overwriteEdited)
        }
        describe(context, report, in: hooks.path)
        warnAboutTrackedHooks(context, report, in: hooks.path, repository: workspace.repository)
        let store = try context.reportingErrors { try context.openStore(workspace) }
        fetchSharedCache(context, workspace, store: store)
        let progress = workspace.ingestProgress(stderrIsTTY: context.terminal.stderrIsTTY) { context.errors.write($0) }
        let ingested = try context.reportingErrors {
            defer { progress?.finish() }
            return try workspace.ingest(into: store, progress: progress)
        }
        context.print("Ingested \(ingested.newCommits) new commit\(ingested.newCommits == 1 ? "" : "s"); "
                      + "\(ingested.newRefs) new reference\(ingested.newRefs == 1 ? "" : "s") queued.")
        if let line = SharedCache.logLine(workspace.sharedImport) { context.print(line) }
        guard enabled else {
            context.print("forge.enabled is false: the hooks do nothing until it is unset.")
            return
        }
        try context.reportingErrors {
            do {
                try SyncCommand.startResolver(context, workspace, event: "install")
            } catch let error as ResolverConfigError {
                // The hooks are in and the history read: only resolving waits for the fix.
                let reason = if case let .noForge(why) = error { why } else { error.description }
                context.printError("warning: references cannot be resolved: \(reason)")
                context.printError("hint: they stay queued; run 'git forge sync' once that is fixed")
            }
        }
    }

    private static func describe(_ context: CommandContext, _ report: HookInstaller.Report, in directory: String) {
        let changed = Set(report.written + report.chained + report.updated)
        let fresh = HookScripts.names.filter(changed.contains)
        if fresh.isEmpty {
            context.print("Hooks already installed in \(directory).")
        } else {
            context.print("Installed \(fresh.joined(separator: ", ")) in \(directory).")
        }
        for name in report.chained {
            context.print("Your existing \(name) hook still runs first (moved to \(name)\(HookInstaller.chainedSuffix)).")
        }
        for name in report.edited {
            context.print("Left \(name) alone: it was edited since install ('git forge install --overwrite-edited' writes it again).")
        }
    }

    /// A hooks folder committed to the project (core.hooksPath inside the work tree) is shared
    /// with everyone who clones it: changing its files is a change to the project, said aloud.
    private static func warnAboutTrackedHooks(_ context: CommandContext, _ report: HookInstaller.Report,
                                              in directory: String, repository: Repository) {
        let changed = (report.written + report.chained + report.updated).map { directory + "/" + $0 }
        guard let tracked = try? repository.trackedPaths(changed), !tracked.isEmpty,
              let root = repository.workingDirectory else { return }
        let names = tracked.map { String($0.dropFirst(root.count + 1)) }
        context.printError("warning: changed \(names.count == 1 ? "a file" : "files") git tracks: \(names.joined(separator: ", "))")
        context.printError("hint: they are part of the project: commit them to share git forge's hooks, "
            + "or run 'git forge uninstall' to take them out again")
    }

    /// Adds the shared cache's fetch refspec to the forge remote and fetches it once, so the
    /// ingest that follows imports it before the first resolver run (docs/sharing.md).
    private static func fetchSharedCache(_ context: CommandContext, _ workspace: Workspace, store: ForgeStore) {
        guard case let .success(forge) = workspace.forge else { return }
        do {
            if try SharedFetchConfig(workspace: workspace).install(remote: forge.remote) {
                context.print("Added \(SharedRefs.fetchRefspec(forge.remote)) to remote.\(forge.remote).fetch: "
                              + "every git fetch brings the shared cache.")
            }
            try SharedCache(workspace: workspace, store: store)
                .fetch(from: forge.remote, timeout: sharedFetchTimeout, quietPrompts: true)
        } catch {
            // Not a warning: a remote that cannot be reached now (offline, a slow VPN) or has
            // no shared cache is normal, and resolving through the API is the usual path.
            let reason = String(describing: error).split(separator: "\n").first.map(String.init) ?? ""
            context.print("No shared cache fetched (\(reason)); 'git forge fetch' tries again.")
        }
    }
}
