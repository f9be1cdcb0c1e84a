import ArgumentParser
import GitForgeCore

extension GitForge {
    /// `git-forge ingest` with no options skips argument parsing: hooks run it inside `git
    /// commit`, and swift-argument-parser's reflection costs ~3 ms in a static binary (every
    /// protocol-conformance lookup scans the whole Foundation and stdlib), a third of the run.
    /// Anything else goes through the parser as usual.
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.elementsEqual(["ingest"]) else {
            main(nil)
            return
        }
        do {
            try Ingest.perform(json: false)
        } catch {
            exit(withError: error)
        }
    }
}
