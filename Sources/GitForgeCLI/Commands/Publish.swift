import ArgumentParser
import GitForgeCore

extension GitForge {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Share what the resolver learned: write the shared cache's refs and push them.",
            discussion: """
                Records go to refs/notes/forge-cache (one JSON line per blob), pull request notes \
                to refs/notes/forge (git log --notes=forge). A push that is not a fast-forward \
                fetches the remote's refs, merges them and tries again; nothing is force-pushed. \
                See docs/sharing.md.
                """)

        @Argument(help: "The remote to push to (default: the forge remote).")
        var remote: String?

        @Flag(name: .customLong("no-push"), help: "Write the local refs only.")
        var noPush = false

        func run() throws {
            let (workspace, store) = try reportingErrors { () throws -> (Workspace, ForgeStore) in
                let workspace = try Workspace.discover()
                return (workspace, try openStore(workspace))
            }
            let cache = try reportingErrors { () throws -> SharedCache in
                do { return try SharedCache(workspace: workspace, store: store) } catch {
                    throw CommandFailure("cannot publish: \(error)")
                }
            }
            let target = remote ?? cache.settings.remote
            let report = try reportingErrors { () throws -> SharedCache.PublishReport in
                _ = try workspace.ingest(into: store)
                if let line = SharedCache.logLine(workspace.sharedImport) { print(line) }
                return try cache.publish(to: noPush ? nil : target)
            }
            let w = report.written
            print(w.cacheChanged
                  ? "Wrote \(SharedRefs.cache): \(plural(w.records, "record")) (\(w.newRecords) new or changed)."
                  : "\(SharedRefs.cache) is up to date: \(plural(w.records, "record")).")
            print(w.notesChanged
                  ? "Wrote \(SharedRefs.notes): \(plural(w.notes, "note")) (\(w.newNotes) new or changed)."
                  : "\(SharedRefs.notes) is up to date: \(plural(w.notes, "note")).")
            guard let pushed = report.remote else {
                print("Not pushed (--no-push); 'git forge publish \(target)' pushes both.")
                return
            }
            if report.merged {
                print("Pushed both to \(pushed), merged with what another clone had published "
                      + "(\(plural(report.attempts, "attempt")).")
            } else {
                print("Pushed both to \(pushed).")
            }
        }
    }

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the shared cache from a remote and import it.",
            discussion: """
                Fetches refs/notes/forge* into refs/notes/remotes/<remote>/, merges them into the \
                local refs/notes/forge-cache and refs/notes/forge, and imports the records into the \
                store, so the resolver asks the forge only for what they do not answer.
                """)

        @Argument(help: "The remote to fetch from (default: the forge remote).")
        var remote: String?

        func run() throws {
            let (workspace, store) = try reportingErrors { () throws -> (Workspace, ForgeStore) in
                let workspace = try Workspace.discover()
                return (workspace, try openStore(workspace))
            }
            let cache = try reportingErrors { () throws -> SharedCache in
                do { return try SharedCache(workspace: workspace, store: store) } catch {
                    throw CommandFailure("cannot fetch the shared cache: \(error)")
                }
            }
            let source = remote ?? cache.settings.remote
            let report = try reportingErrors { () throws -> SharedCache.ImportReport? in
                try cache.fetch(from: source)
                // Ingest first, so the import settles the newest references too; then read every
                // record, so each one skipped is named here.
                _ = try workspace.ingest(into: store)
                return try cache.importNow(remote: source, full: true)
            }
            guard let report else {
                print("\(source) has no shared cache yet ('git forge publish \(source)' creates it).")
                return
            }
            print(report.summary)
            for reason in report.reasons { printError("warning: skipped \(reason)") }
        }
    }
}

/// A command's own failure: printed as one `error: …` line by `reportingErrors`.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}
