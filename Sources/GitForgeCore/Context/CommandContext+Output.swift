import Foundation

/// A command has said what went wrong on its context's `errors` and ends with `status`: the CLI
/// exits with it and prints nothing more.
public struct CommandExit: Error, Sendable, Equatable {
    public var status: Int32

    public init(status: Int32) { self.status = status }

    public static let failure = CommandExit(status: 1)
}

extension CommandContext {
    /// `text` and a newline on stdout, as `print` writes it.
    public func print(_ text: String) {
        output.write(text + "\n")
    }

    /// One line (or lines) on stderr. Errors carry forge answers (a GraphQL `errors[].message`,
    /// say): neutralised like `show`'s text, so none can write the clipboard (OSC 52) or rewrite
    /// the screen.
    public func printError(_ text: String) {
        errors.write(TerminalText.neutralize(text, keepNewlines: true) + "\n")
    }

    /// A value as the stable, pretty, key-sorted JSON that `--json` promises to scripts, with
    /// C1 controls and bidirectional overrides escaped (`JSONText`): `jq -r` or a plain `cat` of
    /// it must not hand a forge's escape sequences to a terminal.
    public func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = JSONText.escapingInvisibles(try encoder.encode(value))
        output.write(String(decoding: data, as: UTF8.self) + "\n")
    }

    /// Runs a command body, turning any error into git's shape: one `error: …` line on stderr and
    /// `CommandExit.failure`, never a stack trace.
    public func reportingErrors<T>(_ body: () throws -> T) throws(CommandExit) -> T {
        do {
            return try body()
        } catch let exit as CommandExit {
            throw exit
        } catch {
            printError("error: \(Self.oneLine(error))")
            throw .failure
        }
    }

    /// One line whatever the error quotes (a revision or path may hold a newline): a script
    /// reading stderr, or `--json`'s caller, gets one `error:` line per failure.
    public static func oneLine(_ error: any Error) -> String {
        String(describing: error).replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Opens the workspace's store, telling the user when a corrupt one had to be moved aside,
    /// and before the one long conversion an upgrade brings.
    public func openStore(_ workspace: Workspace) throws(StoreError) -> ForgeStore {
        let store = try workspace.openStore {
            printError("note: converting the store to this version's compact format (once; a long history takes a while)")
        }
        if let aside = store.movedAsideCorruptStore {
            printError("warning: the store was corrupt; it was moved to '\(aside)' and a new one started "
                + "(history is read again from git; 'git forge sync' refetches the forge data)")
        }
        return store
    }

    /// The store for a command that only reads (`status`, `show`): nil when none was created yet,
    /// so looking does not leave a `forge/` directory behind in a repository git forge was never
    /// set up in.
    public func openExistingStore(_ workspace: Workspace) throws(StoreError) -> ForgeStore? {
        try workspace.location.checkIfPresent()
        return workspace.location.isDatabaseEmpty ? nil : try openStore(workspace)
    }
}
