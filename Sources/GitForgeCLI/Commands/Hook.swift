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
            let status = Self.perform(name: name, mode: detached ? .detached : background ? .background : .foreground)
            if status != 0 { throw ExitCode(status) }
        }

        enum Mode: String { case foreground, background = "--background", detached = "--detached" }

        /// The work, shared with the parser-free fast path (FastPath.swift).
        /// - Returns: the exit status.
        static func perform(name: String, mode: Mode) -> Int32 {
            if mode == .detached {
                let known = HookScripts.names + BackgroundWork.commandEvents
                guard known.contains(name) else { return 0 }
                return BackgroundWork.runDetached(event: name)
            }
            guard HookScripts.names.contains(name) else { return 0 }
            BackgroundWork.handOff(event: name, inBackground: mode == .background)
            return 0
        }
    }
}
