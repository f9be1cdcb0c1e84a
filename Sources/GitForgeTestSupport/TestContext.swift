import Foundation
import GitForgeCore

/// A `CommandContext` for running a command in the test process: output captured in memory, the
/// environment a dictionary, the clock and terminal chosen, the repository a fixture's. The
/// network is not configured: a command that asks for an HTTP client stops the test loudly
/// (swiftly's `HTTPRequestExecutorFail`), since tests reach a forge only through `FakeForge`.
public struct TestContext: Sendable {
    public let stdout = CapturedText()
    public let stderr = CapturedText()
    /// Hosts `git credential fill` was asked about, in order.
    public let credentialRequests = CapturedText()
    public var context: CommandContext

    /// - Parameters:
    ///   - repository: the work tree (or git directory) `discover` opens; nil: not in a repository.
    ///   - environment: every variable the command can see; nothing of the test process's.
    ///   - credential: what `git credential fill` answers for a host (nil: nothing).
    public init(repository: String?, environment: [String: String] = [:], now: Date? = nil,
                terminal: TerminalFacts = .none,
                credential: @escaping @Sendable (String) -> String? = { _ in nil }) {
        let out = stdout, err = stderr, asked = credentialRequests
        context = CommandContext(
            environment: { environment[$0] },
            now: { now ?? Date() },
            output: OutputSink { out.append($0) },
            errors: OutputSink { err.append($0) },
            terminal: terminal,
            httpClient: { fatalError("unmocked: this test did not give the command an HTTP client") },
            credential: { host in
                asked.append(host + "\n")
                return credential(host)
            },
            discover: { () throws(WorkspaceError) in
                guard let repository else { throw .notARepository }
                let opened: Repository
                do { opened = try Repository.open(at: repository) } catch { throw .unreadable(String(describing: error)) }
                return try Workspace(repository: opened)
            }
        )
    }

    /// Over a fixture's repository, with `environment` added to nothing.
    public init(_ fixture: GitFixture, environment: [String: String] = [:], now: Date? = nil,
                terminal: TerminalFacts = .none,
                credential: @escaping @Sendable (String) -> String? = { _ in nil }) {
        self.init(repository: fixture.path, environment: environment, now: now, terminal: terminal, credential: credential)
    }
}

extension TestContext {
    /// Runs a command in this context and returns what the process would have: the exit status
    /// (`CommandExit`'s, else 0) and the captured output.
    /// - Throws: any error the command did not turn into `CommandExit`.
    public func run(_ command: (CommandContext) throws -> Void) throws -> GitFixture.Output {
        var status: Int32 = 0
        do { try command(context) } catch let exit as CommandExit { status = exit.status }
        return GitFixture.Output(status: status, stdout: stdout.text, stderr: stderr.text)
    }
}

/// Text written by a command, collected across threads.
public final class CapturedText: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""

    public init() {}

    public var text: String { lock.withLock { value } }

    func append(_ text: String) { lock.withLock { value += text } }
}
