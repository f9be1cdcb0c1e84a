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
            try PullRequestsCommand.run(GitForge.context, revisions: revisions, json: json, color: color, noPager: noPager)
        }
    }
}
