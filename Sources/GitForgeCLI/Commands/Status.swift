import ArgumentParser
import GitForgeCore

extension GitForge {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the store, the detected forge and the reference backlog.")

        @Flag(help: "Print the status as JSON.")
        var json = false

        func run() throws { try StatusCommand.run(GitForge.context, json: json) }
    }
}
