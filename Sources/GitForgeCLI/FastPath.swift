import ArgumentParser
import GitForgeCore

extension GitForge {
    /// Runs the command lines hooks run — `ingest`, `hook <name>` and `hook <name> --detached` — past
    /// argument parsing: they run inside or right after `git commit`, and swift-argument-parser's
    /// reflection costs ~2–3 ms in a static binary (every protocol-conformance lookup scans the whole
    /// Foundation and stdlib), a fifth of the run.
    /// - Returns: false for any other command line, which goes through the parser as usual.
    static func runFastPath(_ arguments: [String]) -> Bool {
        if arguments == ["ingest"] {
            do {
                try Ingest.perform(json: false)
            } catch {
                exit(withError: error)
            }
            return true
        }
        guard arguments.first == "hook", arguments.count == 2 || arguments.count == 3 else { return false }
        let name = arguments[1]
        guard !name.hasPrefix("-") else { return false }
        let detached = arguments.count == 3
        if detached && arguments[2] != "--detached" { return false }
        let status = Hook.perform(name: name, detached: detached)
        if status != 0 { exit(withError: ExitCode(status)) }
        return true
    }
}
