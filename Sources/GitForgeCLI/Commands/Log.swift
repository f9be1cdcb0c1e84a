import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List commits, one a line, with the pull request each came from, offline.")

        @Argument(help: ArgumentHelp("Revisions and ranges, as git log takes them (default HEAD); after --, paths.",
                                     valueName: "revision-range"))
        var arguments: [String] = []

        @Option(name: [.customShort("n"), .customLong("max-count")],
                help: ArgumentHelp("Show at most this many commits.", valueName: "N"))
        var maxCount: Int?

        @Flag(help: "Print the commits as a JSON array of git forge show --json objects.")
        var json = false

        @Option(help: ArgumentHelp("Colour the output: always, never or auto.", valueName: "when"))
        var color: ColorWhen?

        @Flag(help: "Do not pipe the output into a pager.")
        var noPager = false

        func validate() throws {
            if let maxCount, maxCount < 0 { throw ValidationError("-n takes a count of zero or more, not '\(maxCount)'") }
        }

        func run() throws {
            // The parser puts what follows `--` last, without saying where it starts.
            let raw = CommandLine.arguments
            let separated = raw.firstIndex(of: "--").map { Array(arguments.suffix(raw.count - $0 - 1)) }
            let revisions = separated.map { Array(arguments.dropLast($0.count)) } ?? arguments
            try Self.perform(revisions: revisions, paths: separated, maxCount: maxCount, json: json, color: color,
                             noPager: noPager)
        }

        static func perform(revisions: [String], paths: [String]?, maxCount: Int?, json: Bool, color: ColorWhen?,
                            noPager: Bool) throws {
            let (workspace, result) = try reportingErrors { () throws -> (Workspace, LogResult) in
                let workspace = try Workspace.discover()
                let query = LogQuery(workspace: workspace, store: try openExistingStore(workspace))
                return (workspace, try query.run(arguments: revisions, paths: paths, limit: maxCount, authors: json))
            }
            if json {
                try printJSON(result.commits.map(ShowJSON.init))
                Foundation.exit(0)
            }
            let terminal = Terminal(config: workspace.config)
            let text = LogText(result: result, palette: terminal.palette(color)).render()
            if noPager { terminal.write(text) } else { terminal.page(text) }
            // Done: tearing down a whole history's contexts one object at a time costs more than
            // rendering them did.
            Foundation.exit(0)
        }
    }
}
