/// `git forge log [<revision-range>] [-n <N>] [--json] [--color[=<when>]] [--no-pager] [-- <path>…]`
/// past argument parsing: the parsed command and the fast path both run this, with the real
/// context; tests run it with one that captures the output.
public enum LogCommand {
    /// - Parameter paths: what followed `--`, or nil when there was none.
    /// - Returns: what was shown. A whole history's contexts cost more to free, one object at a
    ///   time, than rendering them did: the process holds it until it exits instead.
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    @discardableResult
    public static func run(_ context: CommandContext, revisions: [String], paths: [String]?, maxCount: Int?,
                           json: Bool, color: ColorWhen?, noPager: Bool) throws -> LogResult {
        let (workspace, result) = try context.reportingErrors { () throws -> (Workspace, LogResult) in
            let workspace = try context.discover()
            let query = LogQuery(workspace: workspace, store: try context.openExistingStore(workspace))
            return (workspace, try query.run(arguments: revisions, paths: paths, limit: maxCount, authors: json))
        }
        if json {
            try context.printJSON(result.commits.map(ShowJSON.init))
            return result
        }
        let terminal = Terminal(config: workspace.config, context: context)
        let text = LogText(result: result, palette: terminal.palette(color)).render()
        if noPager { terminal.write(text) } else { terminal.page(text) }
        return result
    }
}
