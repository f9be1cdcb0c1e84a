import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a commit with the pull requests and issues it is linked to, offline.")

        @Argument(help: ArgumentHelp("The commit to show (any revision git understands).", valueName: "rev"))
        var rev = "HEAD"

        @Flag(help: "Print the commit and its links as JSON.")
        var json = false

        @Option(help: ArgumentHelp("Colour the output: always (--color alone), never or auto.", valueName: "when"))
        var color: ColorWhen?

        @Flag(help: "Do not pipe the output into a pager.")
        var noPager = false

        @Flag(help: "Fetch the commit's pending or stale links (and its pull request) from the forge first.")
        var fetch = false

        func run() throws {
            try Self.perform(rev: rev, json: json, color: color, noPager: noPager, fetch: fetch)
        }

        static func perform(rev: String, json: Bool, color: ColorWhen?, noPager: Bool, fetch: Bool = false) throws {
            let (workspace, context, stored) = try reportingErrors { () throws -> (Workspace, CommitContext, Bool) in
                let workspace = try Workspace.discover()
                // Only --fetch writes: without it, looking creates no store.
                let store = fetch ? try openStore(workspace) : try openExistingStore(workspace)
                if fetch, let store {
                    try fetchReportingOutcome {
                        try SurgicalFetch.forCommit(rev, workspace: workspace, store: store, waiting: $0)
                    }
                }
                return (workspace, try ShowQuery(workspace: workspace, store: store).run(revision: rev), store != nil)
            }
            if json { return try printJSON(ShowJSON(context)) }
            let terminal = Terminal(config: workspace.config)
            // A hook stopped at a forge.enabled git cannot read is paused too.
            let setup: ShowText.Setup = !stored ? .noStore
                : (try? BackgroundWork.isEnabled(workspace)) == true ? .ready : .paused
            let text = ShowText(context: context, palette: terminal.palette(color), now: Date(), setup: setup).render()
            if noPager { return terminal.write(text) }
            terminal.page(text)
        }
    }
}
