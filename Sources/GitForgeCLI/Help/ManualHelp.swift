import Foundation

/// `git forge <command> --help` and `git forge help <command>` open the command's manual page, as
/// `git <command> --help` and `git help <command>` do
/// (git itself turns `git forge --help` into `git help forge`, i.e. `man git-forge`). `-h` keeps
/// the short built-in usage. Without `man` or without the page, the built-in help is shown.
enum ManualHelp {
    /// Replaces this process with `man` when the arguments ask for a manual page; returns when
    /// they do not or no page can be shown.
    static func openIfRequested(_ arguments: [String], subcommands: [String]) {
        let command: String?
        if arguments.first == "help", arguments.count <= 2 {
            // `git forge help <command>`, as `git help <command>` opens its page.
            command = arguments.dropFirst().first
            if let command, command != "help", !subcommands.contains(command) { refuseUnknown(command) }
            if command == "help" { return }
        } else {
            let options = arguments.prefix { $0 != "--" }
            guard options.contains("--help") else { return }
            command = options.prefix { $0 != "--help" }.first { subcommands.contains($0) }
        }
        let page = command.map { "git-forge-\($0)" } ?? "git-forge"
        if let local = installedPage(page) {
            exec(["man", "-l", local])
        } else if pageIsKnown(page) {
            exec(["man", page])
        }
    }

    /// `git help bogus` fails (exit 1) rather than showing git's own page: a script or a typo
    /// must not be told it got help for the command it named. Not a usage error (129): the
    /// command line is well formed, the name is what does not exist, as for `git bogus`.
    private static func refuseUnknown(_ command: String) -> Never {
        FileHandle.standardError.write(Data("error: unknown command '\(command)'\n".utf8))
        Foundation.exit(1)
    }

    /// The page installed beside this binary (`$PREFIX/bin` → `$PREFIX/share/man/man1`), found
    /// even when that prefix is not on `MANPATH`.
    private static func installedPage(_ page: String) -> String? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        let path = URL(fileURLWithPath: exe).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/man/man1/\(page).1").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    private static func pageIsKnown(_ page: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["man", "-w", page]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    private static func exec(_ argv: [String]) {
        let cArgs = argv.map { strdup($0) } + [nil]
        execvp(argv[0], cArgs)
        // exec failed (no man on PATH): fall back to the built-in help.
    }
}
