import ArgumentParser
import Foundation
import GitForgeCore

extension GitForge {
    struct Browse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a commit's pull request, or a pull request or issue by number, in the browser.")

        @Argument(help: ArgumentHelp("A revision (default HEAD), or a number: 12, #12, or !12 for a GitLab merge request.",
                                     valueName: "rev"))
        var target: String?

        @Flag(name: [.customShort("n"), .long], help: "Print the URL instead of opening it.")
        var noBrowser = false

        func run() throws {
            let url = try reportingErrors { () throws -> String in
                let workspace = try Workspace.discover()
                return try BrowseTarget.url(for: target, workspace: workspace, store: openStore(workspace))
            }
            try BrowserLauncher(printOnly: noBrowser).open(url)
        }
    }
}

/// Opens a URL as `gh browse` does: `$BROWSER`, else `xdg-open` (or macOS's `open`); with neither,
/// or when standard output is not a terminal (a script, a pipe), the URL is printed instead.
struct BrowserLauncher {
    var printOnly = false

    func open(_ url: String) throws {
        guard !printOnly, isatty(STDOUT_FILENO) == 1, let command = launcher else {
            return print(url)
        }
        printError("Opening \(url) in your browser.")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The URL is an argument of the shell, never part of the command it parses.
        process.arguments = ["-c", command + " \"$1\"", "git-forge-browse", url]
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            printError("error: cannot run '\(command)': \(error)")
            throw ExitCode.failure
        }
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            printError("error: '\(command)' failed (exit \(process.terminationStatus)); the URL is \(url)")
            throw ExitCode.failure
        }
    }

    /// `$BROWSER` as a command line, else the desktop's opener found on `PATH`.
    private var launcher: String? {
        if let browser = Environment.value("BROWSER"), !browser.trimmingCharacters(in: .whitespaces).isEmpty {
            return browser
        }
        let path = (Environment.value("PATH") ?? "/usr/bin:/bin").split(separator: ":")
        for opener in ["xdg-open", "open"] where path.contains(where: { access("\($0)/\(opener)", X_OK) == 0 }) {
            return opener
        }
        return nil
    }
}
