import ArgumentParser
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
            let action: SyncCommand.Action = log ? .log(follow: follow) : stop ? .stop
                : foreground || rebuild ? .foreground(limit: limit, rebuild: rebuild) : .start
            try SyncCommand.run(GitForge.context, action)
        }
    }
}
