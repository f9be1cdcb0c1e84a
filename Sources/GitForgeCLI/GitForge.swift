import ArgumentParser
import GitForgeCore

@main
struct GitForge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-forge",
        abstract: "Pull-request and issue context for every commit, offline.",
        version: GitForgeVersion.current,
        subcommands: [Ingest.self, Status.self, Sync.self]
    )
}
