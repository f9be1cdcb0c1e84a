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

        func run() throws {
            if detached {
                let known = HookScripts.names + BackgroundWork.commandEvents
                guard known.contains(name) else { return }
                let status = BackgroundWork.runDetached(event: name)
                if status != 0 { throw ExitCode(status) }
                return
            }
            guard HookScripts.names.contains(name) else { return }
            BackgroundWork.handOff(event: name)
        }
    }
}
