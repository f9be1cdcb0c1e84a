import Foundation

/// What a command may know about the terminal it writes to, read once when the context is built.
public struct TerminalFacts: Sendable, Equatable {
    public var stdoutIsTTY: Bool
    public var stderrIsTTY: Bool
    /// Columns of the terminal on stdout (else stderr), or nil when neither is one.
    public var width: Int?

    public init(stdoutIsTTY: Bool, stderrIsTTY: Bool, width: Int? = nil) {
        self.stdoutIsTTY = stdoutIsTTY
        self.stderrIsTTY = stderrIsTTY
        self.width = width
    }

    /// Neither stream is a terminal: a pipe or a file, as in tests and scripts.
    public static let none = TerminalFacts(stdoutIsTTY: false, stderrIsTTY: false)

    /// This process's stdout and stderr (`isatty`, `TIOCGWINSZ`): three system calls.
    public static func probe() -> TerminalFacts {
        let out = isatty(STDOUT_FILENO) == 1, err = isatty(STDERR_FILENO) == 1
        var width: Int?
        for fd in [STDOUT_FILENO, STDERR_FILENO] where fd == STDOUT_FILENO ? out : err {
            var size = winsize()
            if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                width = Int(size.ws_col)
                break
            }
        }
        return TerminalFacts(stdoutIsTTY: out, stderrIsTTY: err, width: width)
    }
}
