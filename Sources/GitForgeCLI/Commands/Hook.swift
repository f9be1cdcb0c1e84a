import ArgumentParser
import GitForgeCore

extension GitForge {
    /// What the installed hooks run. Internal: hidden from help, always exits 0 for git's sake.
    struct Hook: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand a hook's work to a detached process (run by git forge's hooks).",
            shouldDisplay: false)

        @Argument(help: "The hook that fired: post-commit, post-merge, post-rewrite or post-checkout.")
        var name: String

        /// Set on the detached process itself: do the work (ingest, resolve) instead of handing it off.
        @Flag(help: .hidden)
        var detached = false

        /// Set by git forge's hook scripts, which start this in the background: nobody waits for it.
        @Flag(help: .hidden)
        var background = false

        func run() throws {
            let status = HookCommand.run(GitForge.context, name: name,
                                         mode: detached ? .detached : background ? .background : .foreground)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
