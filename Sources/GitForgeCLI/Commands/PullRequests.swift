import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct PullRequests: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prs",
            abstract: "List the pull requests a revision range brought, with the issues they close, offline.")

        @Argument(help: ArgumentHelp("The commits to list, as git log takes them (v1.2.0..v1.3.0).",
                                     valueName: "revision-range"))
        var revisions: [String]

        @Flag(help: "Print the pull requests and the other commits as JSON.")
        var json = false

        @Option(help: ArgumentHelp("Colour the output: always, never or auto.", valueName: "when"))
        var color: ColorWhen?

        @Flag(help: "Do not pipe the output into a pager.")
        var noPager = false

        func validate() throws {
            if revisions.isEmpty { throw ValidationError("a revision range is required (e.g. v1.2.0..v1.3.0)") }
        }

        func run() throws {
            let (workspace, notes) = try reportingErrors { () throws -> (Workspace, ReleaseNotes) in
                let workspace = try Workspace.discover()
                let query = ItemQuery(workspace: workspace, store: try openStore(workspace))
                return (workspace, try query.releaseNotes(revisions))
            }
            if json { return try printJSON(ReleaseNotesJSON(notes: notes)) }
            let terminal = Terminal(config: workspace.config)
            let text = ItemText(palette: terminal.palette(color), now: Date()).render(notes)
            if noPager { return terminal.write(text) }
            terminal.page(text)
        }
    }
}
