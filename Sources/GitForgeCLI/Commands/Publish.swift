import ArgumentParser
import GitForgeCore

extension GitForge {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Share what the resolver learned: write the shared cache's refs and push them.",
            discussion: """
                Records go to refs/notes/forge-cache (one JSON line per blob), pull request notes \
                to refs/notes/forge (git log --notes=forge). A push that is not a fast-forward \
                fetches the remote's refs, merges them and tries again; nothing is force-pushed. \
                See docs/sharing.md.
                """)

        @Argument(help: "The remote to push to (default: the forge remote).")
        var remote: String?

        @Flag(name: .customLong("no-push"), help: "Write the local refs only.")
        var noPush = false

        func run() throws { try PublishCommand.run(GitForge.context, remote: remote, push: !noPush) }
    }

    struct Fetch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch the shared cache from a remote and import it.",
            discussion: """
                Fetches refs/notes/forge* into refs/notes/remotes/<remote>/, merges them into the \
                local refs/notes/forge-cache and refs/notes/forge, and imports the records into the \
                store, so the resolver asks the forge only for what they do not answer.
                """)

        @Argument(help: "The remote to fetch from (default: the forge remote).")
        var remote: String?

        func run() throws { try FetchCommand.run(GitForge.context, remote: remote) }
    }
}
