import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the hooks that keep git forge up to date, then ingest and start resolving.")

        @Flag(help: "Write the hooks even where core.hooksPath is global or a hook manager owns them.")
        var force = false

        /// Apart from `--force`: writing into a hook manager's folder is about whose directory it
        /// is, throwing away lines the user added to our hook is about their work.
        @Flag(help: "Write git forge's hooks over copies of them you have edited.")
        var overwriteEdited = false

        func run() throws {
            // A forge.enabled git would not read as a boolean is refused before any hook is
            // written: the hooks would otherwise stop at it on every run, silently.
            let (workspace, hooks, enabled) = try reportingErrors {
                let workspace = try Workspace.discover()
                return (workspace, try workspace.repository.hooksDirectory(config: workspace.config),
                        try BackgroundWork.isEnabled(workspace))
            }
            if !force, let owner = HookOwner.detect(hooks: hooks, workTree: workspace.repository.workingDirectory) {
                printError("error: \(owner.reason); git forge did not write into '\(hooks.path)'")
                for line in owner.advice { printError("hint: \(line)") }
                printError("hint: or run `git forge install --force` to write git forge's hooks there anyway")
                throw ExitCode.failure
            }
            let report = try reportingErrors { try HookInstaller(directory: hooks.path).install(overwritingEdits: overwriteEdited) }
            describe(report, in: hooks.path)
            warnAboutTrackedHooks(report, in: hooks.path, repository: workspace.repository)
            let store = try reportingErrors { try openStore(workspace) }
            fetchSharedCache(workspace, store: store)
            let progress = workspace.ingestProgress()
            let ingested = try reportingErrors {
                defer { progress?.finish() }
                return try workspace.ingest(into: store, progress: progress)
            }
            print("Ingested \(ingested.newCommits) new commit\(ingested.newCommits == 1 ? "" : "s"); "
                  + "\(ingested.newRefs) new reference\(ingested.newRefs == 1 ? "" : "s") queued.")
            if let line = SharedCache.logLine(workspace.sharedImport) { print(line) }
            guard enabled else {
                print("forge.enabled is false: the hooks do nothing until it is unset.")
                return
            }
            do {
                try startResolver(workspace, event: "install")
            } catch let error as ResolverConfigError {
                // The hooks are in and the history read: only resolving waits for the fix.
                let reason = if case let .noForge(why) = error { why } else { error.description }
                printError("warning: references cannot be resolved: \(reason)")
                printError("hint: they stay queued; run 'git forge sync' once that is fixed")
            }
        }

        /// A hooks folder committed to the project (core.hooksPath inside the work tree) is shared
        /// with everyone who clones it: changing its files is a change to the project, said aloud.
        private func warnAboutTrackedHooks(_ report: HookInstaller.Report, in directory: String, repository: Repository) {
            let changed = (report.written + report.chained + report.updated).map { directory + "/" + $0 }
            guard let tracked = try? repository.trackedPaths(changed), !tracked.isEmpty,
                  let root = repository.workingDirectory else { return }
            let names = tracked.map { String($0.dropFirst(root.count + 1)) }
            printError("warning: changed \(names.count == 1 ? "a file" : "files") git tracks: \(names.joined(separator: ", "))")
            printError("hint: they are part of the project: commit them to share git forge's hooks, "
                + "or run 'git forge uninstall' to take them out again")
        }

        private func describe(_ report: HookInstaller.Report, in directory: String) {
            let changed = Set(report.written + report.chained + report.updated)
            let fresh = HookScripts.names.filter(changed.contains)
            if fresh.isEmpty {
                print("Hooks already installed in \(directory).")
            } else {
                print("Installed \(fresh.joined(separator: ", ")) in \(directory).")
            }
            for name in report.chained {
                print("Your existing \(name) hook still runs first (moved to \(name)\(HookInstaller.chainedSuffix)).")
            }
            for name in report.edited {
                print("Left \(name) alone: it was edited since install ('git forge install --overwrite-edited' writes it again).")
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove git forge's hooks and restore the ones they replaced.")

        @Flag(help: "Also stop the resolver and delete the store (the cache and the eventlog).")
        var purge = false

        func run() throws {
            let workspace = try reportingErrors { try Workspace.discover() }
            let directory = try reportingErrors { try workspace.repository.hooksDirectory(config: workspace.config).path }
            let report = try reportingErrors { try HookInstaller(directory: directory).uninstall() }
            if report.removed.isEmpty && report.restored.isEmpty {
                print("No git forge hooks in \(directory).")
            } else {
                print("Removed \((report.removed + report.restored).joined(separator: ", ")) from \(directory).")
            }
            if !report.restored.isEmpty { print("Restored your \(report.restored.joined(separator: ", ")).") }
            for name in report.edited {
                print("Left \(name) alone: it was edited since install; delete it yourself if you no longer want it.")
            }
            for name in report.skipped {
                print("Left \(name) alone: it changed since install (your original is \(name)\(HookInstaller.chainedSuffix)).")
            }
            removeSharedFetchRefspec(workspace)
            guard purge else { return }
            let location = workspace.location
            // What it would save is about to be deleted, so it is not waited for through a slow
            // request (up to curl's 20 s).
            _ = ResolverControl(location).stop(grace: 2, force: true)
            if FileManager.default.fileExists(atPath: location.directory) {
                try reportingErrors { try FileManager.default.removeItem(atPath: location.directory) }
                print("Deleted \(location.directory).")
            }
        }
    }
}
