import Foundation

/// `--color=<when>`, as git spells it.
public enum ColorWhen: String, CaseIterable, Sendable {
    case always, never, auto
}

/// Colour and pager decisions made the way git makes them for `git show`: only for a terminal,
/// from `--color`, `NO_COLOR`, `color.forge` and `color.ui`; the pager from `GIT_PAGER`,
/// `core.pager`, `PAGER`, else `less` with `LESS=FRX`. What it knows of the terminal and the
/// environment, and where it writes, are the command's context's.
public struct Terminal {
    let config: GitConfig
    let context: CommandContext

    public init(config: GitConfig, context: CommandContext) {
        self.config = config
        self.context = context
    }

    var stdoutIsTTY: Bool { context.terminal.stdoutIsTTY }

    public func palette(_ flag: ColorWhen?) -> Palette { useColor(flag) ? .ansi : .plain }

    func useColor(_ flag: ColorWhen?) -> Bool {
        switch flag ?? configured {
        case .always: return true
        case .never: return false
        case .auto:
            // git counts a pager it started itself as a terminal (GIT_PAGER_IN_USE).
            let terminal = stdoutIsTTY || context.environment("GIT_PAGER_IN_USE").map(Self.isTrue) == true
            return terminal && context.environment("TERM") != "dumb"
        }
    }

    /// `NO_COLOR` (https://no-color.org) beats configuration; `--color` beats both.
    private var configured: ColorWhen {
        if let noColor = context.environment("NO_COLOR"), !noColor.isEmpty { return .never }
        guard let raw = config.string("color.forge") ?? config.string("color.ui") else { return .auto }
        switch raw.lowercased() {
        case "always": return .always
        case "never", "false", "no", "off", "0": return .never
        default: return .auto
        }
    }

    /// The pager command, or nil when output should go straight to stdout.
    var pagerCommand: String? {
        guard stdoutIsTTY else { return nil }
        let command = context.environment("GIT_PAGER") ?? config.string("core.pager") ?? context.environment("PAGER") ?? "less"
        return command.isEmpty || command == "cat" ? nil : command
    }

    /// Through the pager (which writes to the process's own stdout, the terminal), or `write`.
    public func page(_ text: String) {
        guard let command = pagerCommand else { return write(text) }
        var env = ProcessInfo.processInfo.environment
        if env["LESS"] == nil { env["LESS"] = "FRX" }
        if env["LV"] == nil { env["LV"] = "-c" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = env
        let pipe = Pipe()
        process.standardInput = pipe
        do { try process.run() } catch { return write(text) }
        // Quitting the pager early closes the pipe: that is not an error.
        signal(SIGPIPE, SIG_IGN)
        Self.writeAll(pipe.fileHandleForWriting.fileDescriptor, text)
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    public func write(_ text: String) { context.output.write(text) }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            offset += n
        }
    }

    private static func isTrue(_ value: String) -> Bool {
        ["1", "true", "yes", "on"].contains(value.lowercased())
    }
}

/// SGR sequences, or nothing. Public: every view that prints commits and links (the CLI's too)
/// paints with it.
public struct Palette: Sendable {
    public var commit = "", bold = "", open = "", merged = "", closed = "", draft = "", pending = "", failed = "", reset = ""

    public static let plain = Palette()
    public static let ansi = Palette(commit: "\u{1B}[33m", bold: "\u{1B}[1m", open: "\u{1B}[32m", merged: "\u{1B}[35m",
                              closed: "\u{1B}[31m", draft: "\u{1B}[2m", pending: "\u{1B}[33m",
                              failed: "\u{1B}[31m", reset: "\u{1B}[m")

    public func paint(_ text: String, _ color: String) -> String { color.isEmpty ? text : color + text + reset }
}
