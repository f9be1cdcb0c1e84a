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

private func message(for error: any Error) -> String {
    String(describing: error)
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
