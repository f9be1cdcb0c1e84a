import ArgumentParser
import GitForgeCore

extension GitForge {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read new commits into the store and queue the references they make.")

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() throws {
            try Self.perform(json: json)
        }

        static func perform(json: Bool) throws {
            var progress: IngestProgress?
            let result = try reportingErrors {
                let workspace = try Workspace.discover()
                progress = workspace.ingestProgress()
                defer { progress?.finish() }
                return try workspace.ingest(into: openStore(workspace), progress: progress)
            }
            if json {
                try printJSON(IngestJSON(commits: result.commits, newCommits: result.newCommits, newRefs: result.newRefs))
            } else {
                let s = result.newCommits == 1 ? "" : "s"
                print("Ingested \(result.newCommits) new commit\(s) (\(result.commits) in store); \(result.newRefs) new reference\(result.newRefs == 1 ? "" : "s") queued.")
            }
        }
    }
}

private struct IngestJSON: Encodable {
    var commits: Int
    var newCommits: Int
    var newRefs: Int
}
