/// `git forge show [<rev>] [--json] [--color[=<when>]] [--no-pager]` past argument parsing: the
/// parsed command and the fast path both run this, with the real context; tests run it with one
/// that captures the output.
public enum ShowCommand {
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    /// - Parameter fetch: `--fetch`: asks the forge first, in the store it is given (opened, or
    ///   created, for it: only `--fetch` writes).
    public static func run(_ context: CommandContext, rev: String, json: Bool, color: ColorWhen?, noPager: Bool,
                           fetch: ((Workspace, ForgeStore) throws -> Void)? = nil) throws {
        let (workspace, commit, stored) = try context.reportingErrors { () throws -> (Workspace, CommitContext, Bool) in
            let workspace = try context.discover()
            let store = fetch != nil ? try context.openStore(workspace) : try context.openExistingStore(workspace)
            if let fetch, let store { try fetch(workspace, store) }
            let commit = try ShowQuery(workspace: workspace, store: store).run(revision: rev)
            // `show` never writes, so it does not import a shared cache that moved: it says so.
            if let store, let notice = SharedCacheStatus.notice(workspace: workspace, store: store) {
                context.printError(notice)
            }
            return (workspace, commit, store != nil)
        }
        if json { return try context.printJSON(ShowJSON(commit)) }
        let terminal = Terminal(config: workspace.config, context: context)
        // A hook stopped at a forge.enabled git cannot read is paused too.
        let setup: ShowText.Setup = !stored ? .noStore
            : (try? BackgroundWork.isEnabled(workspace)) == true ? .ready : .paused
        let text = ShowText(context: commit, palette: terminal.palette(color), now: context.now(), setup: setup).render()
        if noPager { return terminal.write(text) }
        terminal.page(text)
    }
}
