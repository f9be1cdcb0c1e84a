import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    /// git's parse-options status for a command line it cannot parse (unknown flag, missing or
    /// malformed value, extra argument): scripts tell "you called me wrong" from "it failed".
    static let usageErrorStatus: Int32 = 129

    /// Ends the process for an error that reached the top, the way git does: a command-line error
    /// is `error: …`, then the usage, exit 129; any other error is one `error: …` line, exit 1
    /// (or the `ExitCode` a command chose, having said its piece). Help, `--version` and other
    /// clean exits print as argument-parser prints them. Applies to every subcommand, so a new
    /// one needs nothing of its own.
    static func exit(gitStyle error: any Error) -> Never {
        // Said already, on the context's stderr.
        if let exit = error as? CommandExit { Foundation.exit(exit.status) }
        let code = exitCode(for: error)
        if code == .success { exit(withError: error) }
        if code == .validationFailure {
            let text = gitStyleUsageError(fullMessage(for: error))
            // A command line asking for `--json` is read by a script: one `error:` line, without
            // the usage meant for a person.
            let jsonMode = CommandLine.arguments.dropFirst().contains("--json")
            printError(jsonMode ? String(text.prefix { $0 != "\n" }) : text)
            Foundation.exit(usageErrorStatus)
        }
        let text = message(for: error)
        if !text.isEmpty { printError("error: \(text)") }
        Foundation.exit(code.rawValue)
    }

    /// argument-parser's `Error: The value…` / `Usage: …` in git's spelling: `error: the value…`,
    /// `usage: …`.
    static func gitStyleUsageError(_ full: String) -> String {
        var lines = full.components(separatedBy: "\n")
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { line in
            if line.hasPrefix("Error: ") { return "error: " + lowercasingFirstWord(String(line.dropFirst(7))) }
            if line.hasPrefix("Usage: ") { return "usage: " + line.dropFirst(7) }
            return line
        }.joined(separator: "\n")
    }

    /// "Unknown option" → "unknown option", as git words its messages; "URL …" stays.
    private static func lowercasingFirstWord(_ text: String) -> String {
        let chars = Array(text.prefix(2))
        guard chars.count == 2, chars[0].isUppercase, chars[1].isLowercase else { return text }
        return chars[0].lowercased() + text.dropFirst()
    }
}
