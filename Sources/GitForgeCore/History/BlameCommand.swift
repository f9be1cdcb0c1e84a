/// `git forge blame <file> [<rev>] [-L <start>,<end>] [--json] [--color[=<when>]] [--no-pager]`
/// past argument parsing: the parsed command runs this with the real context; tests run it with
/// one that captures the output.
public enum BlameCommand {
    /// - Parameters:
    ///   - file: relative to the process's current directory, where `git blame` runs.
    ///   - lines: `-L`, 1-based and inclusive.
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, file: String, rev: String, lines: ClosedRange<Int>?,
                           json: Bool, color: ColorWhen?, noPager: Bool) throws {
        let (workspace, result) = try context.reportingErrors { () throws -> (Workspace, BlameResult) in
            let workspace = try context.discover()
            let query = BlameQuery(workspace: workspace, store: try context.openExistingStore(workspace))
            return (workspace, try query.run(path: file, revision: rev, lines: lines, keepText: !json))
        }
        if json { return try context.printJSON(BlameJSON(result)) }
        let terminal = Terminal(config: workspace.config, context: context)
        let text = BlameText(result: result, palette: terminal.palette(color)).render()
        if noPager { return terminal.write(text) }
        terminal.page(text)
    }
}
