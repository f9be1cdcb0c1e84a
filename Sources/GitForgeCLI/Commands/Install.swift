import ArgumentParser
import GitForgeCore

extension GitForge {
    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install the hooks that keep git forge up to date, then ingest and start resolving.")

        @Flag(help: "Write the hooks even where core.hooksPath is global or a hook manager owns them.")
        var force = false

        /// Apart from `--force`: writing into a hook manager's folder is about whose directory it
        /// is, throwing away lines the user added to our hook is about their work.
        @Flag(help: "Write git forge's hooks over copies of them you have edited.")
        var overwriteEdited = false

        func run() throws {
            try InstallCommand.run(GitForge.context, force: force, overwriteEdited: overwriteEdited)
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove git forge's hooks and restore the ones they replaced.")

        @Flag(help: "Also stop the resolver and delete the store (the cache and the eventlog).")
        var purge = false

        func run() throws { try UninstallCommand.run(GitForge.context, purge: purge) }
    }
}
