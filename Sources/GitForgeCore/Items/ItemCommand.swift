/// `git forge pr <n>` and `issue <n>` (`[--json] [--color[=<when>]] [--no-pager] [--fetch]`) past
/// argument parsing: the parsed commands and the fast path both run this, with the real context;
/// tests run it with one that captures the output.
public enum ItemCommand {
    /// - Parameter fetch: `--fetch`: ask the forge first when the item is pending or stale.
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, _ asked: ItemError.Asked, number: Int, json: Bool,
                           color: ColorWhen?, noPager: Bool, fetch: Bool = false) throws {
        let (workspace, view) = try context.reportingErrors { () throws -> (Workspace, ItemView) in
            let workspace = try context.discover()
            let store = try context.openStore(workspace)
            if fetch {
                try context.fetchReportingOutcome {
                    try SurgicalFetch.forItem(number, pull: asked == .pull, workspace: workspace, store: store, waiting: $0)
                }
            }
            let query = ItemQuery(workspace: workspace, store: store)
            return (workspace, asked == .pull ? try query.pullRequest(number) : try query.issue(number))
        }
        if json { return try context.printJSON(ItemJSON(view: view, pull: asked == .pull)) }
        let terminal = Terminal(config: workspace.config, context: context)
        let text = ItemText(palette: terminal.palette(color), now: context.now()).render(view)
        if noPager { return terminal.write(text) }
        terminal.page(text)
    }
}

/// `git forge prs <revision-range> [--json] [--color[=<when>]] [--no-pager]` past argument parsing.
public enum PullRequestsCommand {
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, revisions: [String], json: Bool, color: ColorWhen?,
                           noPager: Bool) throws {
        let (workspace, notes) = try context.reportingErrors { () throws -> (Workspace, ReleaseNotes) in
            let workspace = try context.discover()
            let query = ItemQuery(workspace: workspace, store: try context.openStore(workspace))
            return (workspace, try query.releaseNotes(revisions))
        }
        if json { return try context.printJSON(ReleaseNotesJSON(notes: notes)) }
        let terminal = Terminal(config: workspace.config, context: context)
        let text = ItemText(palette: terminal.palette(color), now: context.now()).render(notes)
        if noPager { return terminal.write(text) }
        terminal.page(text)
    }
}
