import ArgumentParser
import GitForgeCore

extension GitForge {
    /// A command line asking for `--json` is read by a script, which gets one `error: …` line on
    /// stderr for a bad command line too, without the usage text meant for a person (the exit
    /// status is the parser's, as without `--json`). Help and version requests print as usual.
    static func runReportingOneLine(_ arguments: [String]) {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            let first = message(for: error).split(separator: "\n", omittingEmptySubsequences: true).first ?? ""
            var text = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : String(first)
            if let head = text.first { text = head.lowercased() + text.dropFirst() }
            printError("error: " + text)
            exit(withError: code)
        }
        var runnable = command
        do { try runnable.run() } catch { exit(withError: error) }
    }
}
