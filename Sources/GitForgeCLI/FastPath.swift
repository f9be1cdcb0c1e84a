import ArgumentParser
import GitForgeCore

extension GitForge {
    /// Runs `git-forge ingest` with no options past argument parsing: hooks run it inside `git
    /// commit`, and swift-argument-parser's reflection costs ~3 ms in a static binary (every
    /// protocol-conformance lookup scans the whole Foundation and stdlib), a fifth of the run.
    /// - Returns: false for any other command line, which goes through the parser as usual.
    static func runFastPath(_ arguments: [String]) -> Bool {
        guard arguments == ["ingest"] else { return false }
        do {
            try Ingest.perform(json: false)
        } catch {
            exit(withError: error)
        }
        return true
    }
}
