import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct Browse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a commit's pull request, or a pull request or issue by number, in the browser.")

        @Argument(help: ArgumentHelp("A revision (default HEAD), or a number: 12, #12, or !12 for a GitLab merge request.",
                                     valueName: "rev"))
        var target: String?

        @Flag(name: [.customShort("n"), .long], help: "Print the URL instead of opening it.")
        var noBrowser = false

        func run() throws {
            try BrowseCommand.run(GitForge.context, target: target, noBrowser: noBrowser)
        }
    }
}
