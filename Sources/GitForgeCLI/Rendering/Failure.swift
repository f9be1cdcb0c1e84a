import ArgumentParser
import Foundation
import GitForgeCore

/// Runs a command body, turning any error into git's shape: one `error: …` line on stderr and
/// exit status 1, never a stack trace.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError("error: \(message(for: error))")
        throw ExitCode.failure
    }
}

/// Errors carry forge answers (a GraphQL `errors[].message`, say): neutralised like `show`'s text,
/// so none can write the clipboard (OSC 52) or rewrite the screen.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.neutralize(text, keepNewlines: true) + "\n").utf8))
}

/// One line whatever the error quotes (a revision or path may hold a newline): a script reading
/// stderr, or `--json`'s caller, gets one `error:` line per failure.
private func message(for error: any Error) -> String {
    String(describing: error).replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
}

/// Opens the workspace's store, telling the user when a corrupt one had to be moved aside.
func openStore(_ workspace: Workspace) throws -> ForgeStore {
    let store = try workspace.openStore()
    if let aside = store.movedAsideCorruptStore {
        printError("warning: the store was corrupt; it was moved to '\(aside)' and a new one started "
            + "(history is read again from git; 'git forge sync' refetches the forge data)")
    }
    return store
}

/// The store for a command that only reads (`status`, `show`): nil when none was created yet,
/// so looking does not leave a `forge/` directory behind in a repository git forge was never set up in.
func openExistingStore(_ workspace: Workspace) throws -> ForgeStore? {
    try workspace.location.checkIfPresent()
    return workspace.location.isDatabaseEmpty ? nil : try openStore(workspace)
}
