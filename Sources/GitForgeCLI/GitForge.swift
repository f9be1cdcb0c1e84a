import ArgumentParser
import GitForgeCore

@main
struct GitForge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git-forge",
        abstract: "Pull-request and issue context for every commit, offline.",
        version: "git forge version \(GitForgeVersion.current)",
        // In the order a user meets them, as `git forge` alone lists them.
        subcommands: [Install.self, Show.self, Log.self, Blame.self, PullRequest.self, Issue.self, PullRequests.self,
                      Browse.self, Status.self, Sync.self, Ingest.self, Publish.self, Fetch.self, Uninstall.self, Hook.self]
    )

    /// The process's world, built once: every migrated command runs in it (see `CommandContext`).
    static let context = CommandContext.live()

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if runFastPath(arguments) { return }
        if arguments.isEmpty { return print(FirstContact.text(for: configuration.subcommands), terminator: "") }
        ManualHelp.openIfRequested(arguments, subcommands: configuration.subcommands.map { $0._commandName })
        // Parsed here rather than by `main(nil)` so that errors leave with git's statuses and words.
        do {
            var command = try parseAsRoot(OptionalValues.expand(arguments))
            try command.run()
        } catch {
            exit(gitStyle: error)
        }
    }
}
