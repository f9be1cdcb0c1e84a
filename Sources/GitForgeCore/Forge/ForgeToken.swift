import Foundation

/// Finds the API token the way the forges' own tools do, and keeps it out of everything else.
///
/// The token is held only in memory: never logged, stored, put in argv or in an error message.
/// `description` is redacted so an accidental interpolation prints nothing secret.
public struct ForgeToken: Sendable, CustomStringConvertible {
    let value: String
    /// Where it came from, e.g. "GH_TOKEN" or "git credential": safe to show.
    public let source: String

    init(value: String, source: String) {
        self.value = value
        self.source = source
    }

    public var description: String { "<token from \(source)>" }

    /// The first token found for the forge's web host: an environment variable bound to that host
    /// (see `TokenBinding`), else `git credential fill` for it.
    /// - Parameters:
    ///   - environment: the variables to read; nil reads the process environment.
    ///   - credentialHelper: false skips `git credential` (tests, or a caller that must not spawn).
    public static func find(for settings: ForgeSettings, environment: [String: String]? = nil,
                            credentialHelper: Bool = true) -> ForgeToken? {
        find(for: settings, lookup: TokenBinding.lookup(environment),
             credential: credentialHelper ? GitCredential.asker(environment) : nil)
    }

    /// The same search over one-variable `lookup` and a `credential` asker (nil skips it).
    static func find(for settings: ForgeSettings, lookup: (String) -> String?,
                     credential: ((String) -> String?)?) -> ForgeToken? {
        for name in TokenBinding.variables(for: settings, lookup: lookup) {
            if let value = lookup(name)?.trimmingSpaces, !value.isEmpty {
                return ForgeToken(value: value, source: name)
            }
        }
        return credential?(settings.host).map { ForgeToken(value: $0, source: "git credential") }
    }

    /// The request header carrying it, in the forge's preferred form.
    func header(for type: ForgeType) -> (name: String, value: String) {
        switch type {
        case .github, .gitlab: ("Authorization", "Bearer \(value)")
        case .gitea, .forgejo: ("Authorization", "token \(value)")
        }
    }
}

/// `git credential fill`, asked for `protocol=https host=<host>` on stdin (never argv), with every
/// prompt disabled: the resolver runs detached and must never wait for a human.
enum GitCredential {
    /// `fill` with `environment`, or the process's own (copied only when asked).
    static func asker(_ environment: [String: String]?) -> (String) -> String? {
        { fill(host: $0, environment: environment ?? ProcessInfo.processInfo.environment) }
    }

    static func fill(host: String, environment: [String: String]) -> String? {
        guard !host.isEmpty, !host.contains("\n"), !host.contains("=") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "credential.interactive=false", "credential", "fill"]
        var env = environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GCM_INTERACTIVE"] = "never"
        env["GIT_ASKPASS"] = nil
        env["SSH_ASKPASS"] = nil
        process.environment = env
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        do { try process.run() } catch { return nil }
        input.fileHandleForWriting.write(Data("protocol=https\nhost=\(host)\n\n".utf8))
        try? input.fileHandleForWriting.close()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 10, execute: timer)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationStatus == 0 else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("password=") {
            let value = String(line.dropFirst("password=".count))
            return value.isEmpty ? nil : value
        }
        return nil
    }
}
