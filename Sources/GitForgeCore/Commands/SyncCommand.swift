/// `git forge sync [--log [--follow] | --stop | --foreground [--limit N] | --rebuild]` past
/// argument parsing (which refuses combinations): the parsed command runs this with the real
/// context; tests run it with one that captures the output.
public enum SyncCommand {
    public enum Action: Sendable, Equatable {
        /// No option: ingest, start the background resolver unless one runs, and return.
        case start
        /// `--log [--follow]`.
        case log(follow: Bool)
        /// `--stop`.
        case stop
        /// `--foreground [--limit N]`, or `--rebuild`.
        case foreground(limit: Int?, rebuild: Bool)
    }

    /// - Throws: `CommandExit` once the error is said on `context.errors` (130 after Ctrl-C in
    ///   the foreground).
    public static func run(_ context: CommandContext, _ action: Action) throws {
        let workspace = try context.reportingErrors { try context.discover() }
        let location = workspace.location
        switch action {
        case let .log(follow):
            LogTail.print(location.log, follow: follow, to: context)
        case .stop:
            stopResolver(context, location)
        case let .foreground(limit, rebuild):
            try runForeground(context, workspace, limit: limit, rebuild: rebuild)
        case .start:
            let store = try context.reportingErrors { try context.openStore(workspace) }
            _ = try context.reportingErrors { try workspace.ingest(into: store) }
            try context.reportingErrors { try startResolver(context, workspace, event: "sync") }
        }
    }

    /// Starts the background resolver unless one is running; says which.
    /// - Throws: `ResolverConfigError` when a resolver could not run here (no forge, a bad
    ///   setting): refused before spawning, as `sync --foreground` refuses it, rather than by a
    ///   resolver that would only write why in its log. `CommandExit` when it could not start.
    public static func startResolver(_ context: CommandContext, _ workspace: Workspace, event: String) throws {
        let location = workspace.location
        let control = ResolverControl(location)
        if control.isRunning {
            context.print("A resolver is already running\(control.record.map { " (PID \($0.pid))" } ?? ""); log: \(location.log)")
            return
        }
        _ = try workspace.resolverSettings()
        let pid = try context.reportingErrors { try BackgroundWork.start(workspace, event: event) }
        context.print("Resolver started in the background (PID \(pid)); log: \(location.log)")
    }

    private static func stopResolver(_ context: CommandContext, _ location: StoreLocation) {
        switch ResolverControl(location).stop(grace: 10) {
        case .notRunning:
            context.print("No resolver is running.")
        case let .stopped(record), let .killed(record):
            context.print("Stopped the resolver (PID \(record.pid)); its progress is saved.")
        case let .stopping(record):
            context.print("Asked the resolver (PID \(record.pid)) to stop; it is finishing its current request.")
        }
    }
}
