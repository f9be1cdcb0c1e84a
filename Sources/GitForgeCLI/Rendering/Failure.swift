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
    } catch let exit as CommandExit {
        throw ExitCode(exit.status)
    } catch {
        printError("error: \(message(for: error))")
        throw ExitCode.failure
    }
}

/// Errors carry forge answers: neutralised (`CommandContext.printError`).
func printError(_ text: String) {
    GitForge.context.printError(text)
}

/// One line whatever the error quotes (`CommandContext.oneLine`).
private func message(for error: any Error) -> String {
    CommandContext.oneLine(error)
}

/// Opens the workspace's store, telling the user when a corrupt one had to be moved aside.
func openStore(_ workspace: Workspace) throws -> ForgeStore {
    try GitForge.context.openStore(workspace)
}

/// The store for a command that only reads: nil when none was created yet.
func openExistingStore(_ workspace: Workspace) throws -> ForgeStore? {
    try GitForge.context.openExistingStore(workspace)
}
