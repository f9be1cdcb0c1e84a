import ArgumentParser
import GitForgeCore

extension GitForge {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read new commits into the store and queue the references they make.")

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try IngestCommand.run(GitForge.context, json: json)
        }
    }
}
