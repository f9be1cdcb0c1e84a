import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ingest and resolve references in the background (or in this terminal).",
            discussion: """
                With no option: ingest, start the background resolver unless one runs, and return \
                at once, printing its PID and where its log is.
                """)

        @Flag(help: "Print the end of the resolver's log.")
        var log = false

        @Flag(help: "With --log: keep printing new lines as they come (Ctrl-C to stop).")
        var follow = false

        @Flag(help: "Stop the background resolver (progress so far is saved).")
        var stop = false

        @Flag(help: "Resolve in this terminal instead of in the background.")
        var foreground = false

        /// Unconditional so `--limit -1` reaches `validate()` and is refused for what it is,
        /// instead of being read as a missing value followed by an unknown flag.
        @Option(parsing: .unconditional, help: "With --foreground: resolve at most this many references.")
        var limit: Int?

        @Flag(help: "Refetch every cached item (the eventlog is kept).")
        var rebuild = false

        func validate() throws {
            if [log, stop, foreground, rebuild].filter({ $0 }).count > 1 {
                throw ValidationError("--log, --stop, --foreground and --rebuild cannot be combined")
            }
            if follow && !log { throw ValidationError("--follow goes with --log") }
            if limit != nil && !foreground { throw ValidationError("--limit goes with --foreground") }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            let workspace = try reportingErrors { try Workspace.discover() }
            let location = workspace.location
            if log { return LogTail.print(location.log, follow: follow) }
            if stop { return stopResolver(location) }
            if foreground || rebuild { return try runForegroundSync(limit: limit, rebuild: rebuild) }
            let store = try reportingErrors { try openStore(workspace) }
            _ = try reportingErrors { try workspace.ingest(into: store) }
            try reportingErrors { try startResolver(workspace, event: "sync") }
        }

        private func stopResolver(_ location: StoreLocation) {
            switch ResolverControl(location).stop(grace: 10) {
            case .notRunning:
                print("No resolver is running.")
            case let .stopped(record), let .killed(record):
                print("Stopped the resolver (PID \(record.pid)); its progress is saved.")
            case let .stopping(record):
                print("Asked the resolver (PID \(record.pid)) to stop; it is finishing its current request.")
            }
        }
    }
}

/// Starts the background resolver unless one is running; says which.
/// - Throws: `ResolverConfigError` when a resolver could not run here (no forge, a bad setting):
///   refused before spawning, as `sync --foreground` refuses it, rather than by a resolver that
///   would only write why in its log.
func startResolver(_ workspace: Workspace, event: String) throws {
    let location = workspace.location
    let control = ResolverControl(location)
    if control.isRunning {
        print("A resolver is already running\(control.record.map { " (PID \($0.pid))" } ?? ""); log: \(location.log)")
        return
    }
    _ = try workspace.resolverSettings()
    let pid = try reportingErrors { try BackgroundWork.start(workspace, event: event) }
    print("Resolver started in the background (PID \(pid)); log: \(location.log)")
}
