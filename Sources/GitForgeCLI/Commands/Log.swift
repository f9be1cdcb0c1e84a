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
            let shown = try LogCommand.run(GitForge.context, revisions: revisions, paths: separated, maxCount: maxCount,
                                           json: json, color: color, noPager: noPager)
            Self.exitKeeping(shown)
        }

        /// Done: the process ends without freeing what it showed (see `LogCommand.run`).
        static func exitKeeping(_ shown: LogResult) -> Never {
            withExtendedLifetime(shown) { Foundation.exit(0) }
        }
    }
}
