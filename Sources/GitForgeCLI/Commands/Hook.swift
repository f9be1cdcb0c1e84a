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
            let status = Self.perform(name: name, detached: detached)
            if status != 0 { throw ExitCode(status) }
        }

        /// The work, shared with the parser-free fast path (FastPath.swift).
        /// - Returns: the exit status.
        static func perform(name: String, detached: Bool) -> Int32 {
            if detached {
                let known = HookScripts.names + BackgroundWork.commandEvents
                guard known.contains(name) else { return 0 }
                return BackgroundWork.runDetached(event: name)
            }
            guard HookScripts.names.contains(name) else { return 0 }
            BackgroundWork.handOff(event: name)
            return 0
        }
    }
}
