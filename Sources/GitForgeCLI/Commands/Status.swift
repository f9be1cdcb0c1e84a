import ArgumentParser
import GitForgeCore

extension GitForge {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the store, the detected forge and the reference backlog.")

        @Flag(help: "Print the status as JSON.")
        var json = false

        func run() throws { try Self.perform(json: json) }

        static func perform(json: Bool) throws {
            let report = try reportingErrors { () throws -> StatusReport in
                let workspace = try Workspace.discover()
                return try StatusReport(workspace: workspace, store: openExistingStore(workspace))
            }
            if json {
                try printJSON(report)
            } else {
                print(report.text)
            }
        }
    }
}
