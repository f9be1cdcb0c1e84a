/// `git forge status [--json]` past argument parsing: the parsed command and the fast path both
/// run this, with the real context; tests run it with one that captures the output.
public enum StatusCommand {
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, json: Bool) throws {
        let report = try context.reportingErrors { () throws -> StatusReport in
            let workspace = try context.discover()
            return try StatusReport(workspace: workspace, store: context.openExistingStore(workspace), context: context)
        }
        if json {
            try context.printJSON(report)
        } else {
            context.print(report.text)
        }
    }
}
