import ArgumentParser
import GitForgeCore

extension GitForge {
    /// The resolver's front door. This file holds only the foreground and rebuild modes (issue 4);
    /// the background mode, `--log`, `--follow` and `--stop` belong to the hooks work.
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Resolve queued references against the forge.")

        @Flag(help: "Resolve in this terminal, with progress, instead of in the background.")
        var foreground = false

        @Option(help: "Resolve at most this many references (with --foreground).")
        var limit: Int?

        @Flag(help: "Forget the forge cache and fetch everything again (the eventlog is kept).")
        var rebuild = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            try runForegroundSync(limit: limit, rebuild: rebuild)
        }
    }
}
