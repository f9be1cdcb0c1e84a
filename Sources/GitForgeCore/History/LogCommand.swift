/// `git forge log [<revision-range>] [-n <N>] [--json] [--color[=<when>]] [--no-pager] [-- <path>…]`
/// past argument parsing: the parsed command and the fast path both run this, with the real
/// context; tests run it with one that captures the output.
public enum LogCommand {
    /// - Parameter paths: what followed `--`, or nil when there was none.
    /// - Returns: what was shown, for `--json` (the text's lines are written as each batch is
    ///   joined, and its contexts dropped), and what a long walk built (`LogResult.kept`). A whole
    ///   history's contexts cost more to free, one object at a time, than rendering them did: the
    ///   process holds them until it exits instead.
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    @discardableResult
    public static func run(_ context: CommandContext, revisions: [String], paths: [String]?, maxCount: Int?,
                           json: Bool, color: ColorWhen?, noPager: Bool) throws -> LogResult {
        try context.reportingErrors {
            let workspace = try context.discover()
            let store = try context.openExistingStore(workspace)
            let query = LogQuery(workspace: workspace, store: store)
            if json {
                let result = try query.run(arguments: revisions, paths: paths, limit: maxCount, detail: .full)
                try context.printJSON(result.commits.map(ShowJSON.init))
                return result
            }
            let terminal = Terminal(config: workspace.config, context: context)
            let text = LogText(abbreviation: query.abbreviation, palette: terminal.palette(color))
            var out = ""
            let result = LogResult(commits: [], abbreviation: text.abbreviation)
            // Closing the connection (SQLite checkpoints and truncates the WAL when the last one
            // to a database closes) was ~5% of a `log -n 100`; a command that only read loses
            // nothing by leaving it to the process's exit.
            if let store { result.kept.keep(store) }
            try query.run(arguments: revisions, paths: paths, limit: maxCount, detail: .oneline,
                          keep: result.kept.keep) { batch in
                text.append(batch, to: &out)
            }
            if noPager { terminal.write(out) } else { terminal.page(out) }
            return result
        }
    }
}
