import ArgumentParser
import GitForgeCore

extension GitForge {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a commit with the pull requests and issues it is linked to, offline.")

        @Argument(help: ArgumentHelp("The commit to show (any revision git understands).", valueName: "rev"))
        var rev = "HEAD"

        @Flag(help: "Print the commit and its links as JSON.")
        var json = false

        @Option(help: ArgumentHelp("Colour the output: always (--color alone), never or auto.", valueName: "when"))
        var color: ColorWhen?

        @Flag(help: "Do not pipe the output into a pager.")
        var noPager = false

        @Flag(help: "Fetch the commit's pending or stale links (and its pull request) from the forge first.")
        var fetch = false

        func run() throws {
            try ShowCommand.run(GitForge.context, rev: rev, json: json, color: color, noPager: noPager,
                                fetch: !fetch ? nil : { workspace, store in
                                    try GitForge.context.fetchReportingOutcome {
                                        try SurgicalFetch.forCommit(rev, workspace: workspace, store: store, waiting: $0)
                                    }
                                })
        }
    }
}

/// `--color` takes git's words (`ColorWhen` is the core's, which has no argument parser).
extension ColorWhen: ExpressibleByArgument {}

extension Terminal {
    /// The process's terminal, for commands not yet given a context of their own.
    init(config: GitConfig) {
        self.init(config: config, context: GitForge.context)
    }
}
