import ArgumentParser
import GitForgeCore

@main
struct GitForge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-forge",
        abstract: "Pull-request and issue context for every commit, offline.",
        version: GitForgeVersion.current,
        subcommands: [Ingest.self, Status.self, Show.self, Log.self, Blame.self, Sync.self, Install.self, Uninstall.self, Hook.self]
    )

    static func main() {
        if runFastPath(Array(CommandLine.arguments.dropFirst())) { return }
        ManualHelp.openIfRequested(Array(CommandLine.arguments.dropFirst()),
                                   subcommands: configuration.subcommands.map { $0._commandName })
        main(nil)
    }
}
