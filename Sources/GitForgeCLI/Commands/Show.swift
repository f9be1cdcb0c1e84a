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

        func run() throws {
            try Self.perform(rev: rev, json: json, color: color, noPager: noPager)
        }

        static func perform(rev: String, json: Bool, color: ColorWhen?, noPager: Bool) throws {
            let (workspace, context) = try reportingErrors { () throws -> (Workspace, CommitContext) in
                let workspace = try Workspace.discover()
                let store = try openStore(workspace)
                let context = try ShowQuery(workspace: workspace, store: store).run(revision: rev)
                if let notice = SharedCacheStatus.notice(workspace: workspace, store: store) { printError(notice) }
                return (workspace, context)
            }
            if json { return try printJSON(ShowJSON(context)) }
            let terminal = Terminal(config: workspace.config)
            let text = ShowText(context: context, palette: terminal.palette(color), now: Date()).render()
            if noPager { return terminal.write(text) }
            terminal.page(text)
        }
    }
}
