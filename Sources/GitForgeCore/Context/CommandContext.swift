import Foundation

/// The world a command runs in: what it reads from the process (environment, clock, terminal,
/// repository discovery, credentials) and where it writes (stdout, stderr, the network).
///
/// Commands take it instead of calling `getenv`, `Date()`, `isatty`, `print` or
/// `Repository.discover()` themselves, as swiftly's commands take `SwiftlyCoreContext`: the CLI
/// builds the real one once (`live()`), and tests build one over a fixture that captures output
/// in memory, so most of a command's behaviour is tested without launching the binary.
///
/// Every part is a closure or a plain value, so building the real one costs nothing at start-up
/// (no environment dictionary, no conformance lookups): hooks run inside `git commit`.
public struct CommandContext: Sendable {
    /// One environment variable, or nil when unset.
    public var environment: @Sendable (String) -> String?
    /// The time "now" is: ages, waits and due times are measured from it.
    public var now: @Sendable () -> Date
    /// Standard output.
    public var output: OutputSink
    /// Standard error: `error:`, `warning:` and `hint:` lines.
    public var errors: OutputSink
    /// Whether stdout and stderr are terminals, and how wide.
    public var terminal: TerminalFacts
    /// A client for one run's requests to a forge.
    public var httpClient: @Sendable () -> any HTTPClient
    /// The secret `git credential fill` gives for `https://<host>`, or nil.
    public var credential: @Sendable (_ host: String) -> String?
    /// The repository git would use here.
    public var discover: @Sendable () throws(WorkspaceError) -> Workspace

    public init(environment: @escaping @Sendable (String) -> String?,
                now: @escaping @Sendable () -> Date,
                output: OutputSink, errors: OutputSink, terminal: TerminalFacts,
                httpClient: @escaping @Sendable () -> any HTTPClient,
                credential: @escaping @Sendable (_ host: String) -> String?,
                discover: @escaping @Sendable () throws(WorkspaceError) -> Workspace) {
        self.environment = environment
        self.now = now
        self.output = output
        self.errors = errors
        self.terminal = terminal
        self.httpClient = httpClient
        self.credential = credential
        self.discover = discover
    }
}

extension CommandContext {
    /// The process's own world: `getenv`, the system clock, file descriptors 1 and 2, libcurl,
    /// `git credential fill` and git's repository discovery.
    public static func live() -> CommandContext {
        CommandContext(
            environment: { Environment.value($0) },
            now: { Date() },
            output: .fileDescriptor(STDOUT_FILENO),
            errors: .fileDescriptor(STDERR_FILENO),
            terminal: .probe(),
            httpClient: { CurlHTTPClient(version: GitForgeVersion.current) },
            // The whole environment is copied only here, when a helper is configured and asked.
            credential: { GitCredential.fill(host: $0, environment: ProcessInfo.processInfo.environment) },
            discover: { () throws(WorkspaceError) in try Workspace.discover() }
        )
    }
}
