import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct Blame: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each line of a file with the commit and pull request that last changed it, offline.")

        @Argument(help: ArgumentHelp("The file, relative to the current directory.", valueName: "file"))
        var file: String

        @Argument(help: ArgumentHelp("The commit whose version of the file is blamed (default HEAD).", valueName: "rev"))
        var rev = "HEAD"

        @Option(name: .customShort("L"), help: ArgumentHelp("Only lines start to end (1-based).", valueName: "start,end"))
        var lines: LineRange?

        @Flag(help: "Print the hunks and their pull requests as JSON.")
        var json = false

        @Option(help: ArgumentHelp("Colour the output: always, never or auto.", valueName: "when"))
        var color: ColorWhen?

        @Flag(help: "Do not pipe the output into a pager.")
        var noPager = false

        func run() throws {
            try BlameCommand.run(GitForge.context, file: file, rev: rev, lines: lines?.range, json: json, color: color,
                                 noPager: noPager)
        }
    }
}

/// `-L <start>,<end>` (or `<start>,+<count>`), 1-based and inclusive as git takes it; a reversed
/// range is turned around, as git does.
struct LineRange: ExpressibleByArgument {
    var range: ClosedRange<Int>

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.positive(parts[0]) else { return nil }
        if parts[1].hasPrefix("+") {
            guard let count = Self.positive(parts[1].dropFirst()) else { return nil }
            range = start...(start + count - 1)
        } else {
            guard let end = Self.positive(parts[1]) else { return nil }
            range = min(start, end)...max(start, end)
        }
    }

    private static func positive(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text), n > 0 else { return nil }
        return n
    }
}
