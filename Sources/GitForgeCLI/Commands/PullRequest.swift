import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct PullRequest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pr",
            abstract: "Show a pull request with its commits and the issues it closes, offline.")

        @Argument(help: ArgumentHelp("The pull request's number (12 or #12).", valueName: "number"))
        var number: String

        @OptionGroup var options: ItemOptions

        func validate() throws { _ = try ItemOptions.parse(number, kind: "pull request") }

        func run() throws {
            try options.perform(.pull, number: ItemOptions.parse(number, kind: "pull request"))
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an issue with the commits that close or mention it, offline.")

        @Argument(help: ArgumentHelp("The issue's number (7 or #7).", valueName: "number"))
        var number: String

        @OptionGroup var options: ItemOptions

        func validate() throws { _ = try ItemOptions.parse(number, kind: "issue") }

        func run() throws {
            try options.perform(.issue, number: ItemOptions.parse(number, kind: "issue"))
        }
    }
}

/// What `pr` and `issue` share: output options as `show` has them.
struct ItemOptions: ParsableArguments {
    init() {}

    @Flag(help: "Print the item, its commits and links as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Colour the output: always, never or auto.", valueName: "when"))
    var color: ColorWhen?

    @Flag(help: "Do not pipe the output into a pager.")
    var noPager = false

    @Flag(help: "Fetch it from the forge first when it is pending or stale.")
    var fetch = false

    /// `12` or `#12`; anything else is a usage error.
    static func parse(_ text: String, kind: String) throws -> Int {
        let digits = text.hasPrefix("#") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let n = Int(digits), n > 0, n <= Int(Int32.max) else {
            throw ValidationError("'\(text)' is not a \(kind) number")
        }
        return n
    }

    func perform(_ asked: ItemError.Asked, number: Int) throws {
        try ItemCommand.run(GitForge.context, asked, number: number, json: json, color: color, noPager: noPager,
                            fetch: fetch)
    }
}
