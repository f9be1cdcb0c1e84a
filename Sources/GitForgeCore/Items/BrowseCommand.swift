import Foundation

/// `git forge browse [<rev> | <number>] [--no-browser]` past argument parsing: the parsed command
/// runs this with the real context; tests run it with one that captures the output and has no
/// terminal, so no browser is ever started.
public enum BrowseCommand {
    /// - Throws: `CommandExit` once the error is said on `context.errors`.
    public static func run(_ context: CommandContext, target: String?, noBrowser: Bool) throws {
        let url = try context.reportingErrors { () throws -> String in
            let workspace = try context.discover()
            return try BrowseTarget.url(for: target, workspace: workspace, store: context.openStore(workspace))
        }
        try BrowserLauncher(context: context, printOnly: noBrowser).open(url)
    }
}

/// Opens a URL as `gh browse` does: `$BROWSER`, else `xdg-open` (or macOS's `open`); with neither,
/// or when standard output is not a terminal (a script, a pipe), the URL is printed instead.
struct BrowserLauncher {
    let context: CommandContext
    var printOnly = false

    func open(_ url: String) throws {
        guard !printOnly, context.terminal.stdoutIsTTY, let command = launcher else {
            return context.print(url)
        }
        context.printError("Opening \(url) in your browser.")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The URL is an argument of the shell, never part of the command it parses.
        process.arguments = ["-c", command + " \"$1\"", "git-forge-browse", url]
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            context.printError("error: cannot run '\(command)': \(error)")
            throw CommandExit.failure
        }
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            context.printError("error: '\(command)' failed (exit \(process.terminationStatus)); the URL is \(url)")
            throw CommandExit.failure
        }
    }

    /// `$BROWSER` as a command line, else the desktop's opener found on `PATH`.
    private var launcher: String? {
        if let browser = context.environment("BROWSER"), !browser.trimmingCharacters(in: .whitespaces).isEmpty {
            return browser
        }
        let path = (context.environment("PATH") ?? "/usr/bin:/bin").split(separator: ":")
        for opener in ["xdg-open", "open"] where path.contains(where: { access("\($0)/\(opener)", X_OK) == 0 }) {
            return opener
        }
        return nil
    }
}
