import Foundation

/// `git forge uninstall [--purge]` past argument parsing: takes out the hooks and the fetch
/// refspec install added; with `purge`, stops the resolver and deletes the store.
public enum UninstallCommand {
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, purge: Bool) throws {
        let workspace = try context.reportingErrors { try context.discover() }
        let directory = try context.reportingErrors { try workspace.repository.hooksDirectory(config: workspace.config).path }
        let report = try context.reportingErrors { try HookInstaller(directory: directory).uninstall() }
        if report.removed.isEmpty && report.restored.isEmpty {
            context.print("No git forge hooks in \(directory).")
        } else {
            context.print("Removed \((report.removed + report.restored).joined(separator: ", ")) from \(directory).")
        }
        if !report.restored.isEmpty { context.print("Restored your \(report.restored.joined(separator: ", ")).") }
        for name in report.edited {
            context.print("Left \(name) alone: it was edited since install; delete it yourself if you no longer want it.")
        }
        for name in report.skipped {
            context.print("Left \(name) alone: it changed since install (your original is \(name)\(HookInstaller.chainedSuffix)).")
        }
        removeSharedFetchRefspec(context, workspace)
        guard purge else { return }
        let location = workspace.location
        // What it would save is about to be deleted, so it is not waited for through a slow
        // request (up to curl's 20 s).
        _ = ResolverControl(location).stop(grace: 2, force: true)
        if FileManager.default.fileExists(atPath: location.directory) {
            try context.reportingErrors { try FileManager.default.removeItem(atPath: location.directory) }
            context.print("Deleted \(location.directory).")
        }
    }

    /// Takes out exactly the fetch refspec install added.
    private static func removeSharedFetchRefspec(_ context: CommandContext, _ workspace: Workspace) {
        do {
            for remote in try SharedFetchConfig(workspace: workspace).uninstall() {
                context.print("Removed \(SharedRefs.fetchRefspec(remote)) from remote.\(remote).fetch.")
            }
        } catch {
            context.printError("warning: \(error)")
        }
    }
}
