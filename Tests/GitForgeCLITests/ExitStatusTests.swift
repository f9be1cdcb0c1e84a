import Foundation
import Testing
import GitForgeTestSupport

/// git's parse-options convention, held for every subcommand the binary has (read from its own
/// description of itself, so a new subcommand is covered without touching this file): a command
/// line that cannot be parsed is `error: …` and the usage, exit 129; any other error is one
/// `error: …` line, exit 1.
struct ExitStatusTests {
    /// Arguments a subcommand needs before an option can be judged, for those that need some.
    static let requiredArguments: [String: [String]] = [
        "hook": ["post-commit"], "pr": ["1"], "issue": ["1"], "prs": ["HEAD"], "log": [], "blame": ["README"],
    ]

    /// Every subcommand's name, hidden ones included (`hook`), but not argument-parser's `help`.
    static func subcommands() throws -> [String] {
        let out = try GitFixture().forge("--experimental-dump-help")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        let names = (command["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
        return names.filter { $0 != "help" }
    }

    @Test func anUnknownFlagIsAUsageErrorForEveryCommand() throws {
        let repo = try GitFixture()
        try repo.commit("one")
        let commands = try Self.subcommands()
        #expect(commands.count >= 7, "\(commands)")
        for command in [nil] + commands.map(Optional.some) {
            let args = (command.map { [$0] + (Self.requiredArguments[$0] ?? []) } ?? []) + ["--no-such-flag"]
            let out = try repo.run(GitForgeBinary.path, args)
            let usage = "usage: git-forge" + (command.map { " \($0)" } ?? "")
            #expect(out.status == 129, "\(args): \(out.status) \(out.stderr)")
            #expect(out.stderr.hasPrefix("error: unknown option '--no-such-flag'\n"), "\(args): \(out.stderr)")
            #expect(out.stderr.contains("\n\(usage)"), "\(args): \(out.stderr)")
            #expect(!out.stderr.contains("Error:") && !out.stderr.contains("Usage:"), "\(args): \(out.stderr)")
            #expect(out.stdout.isEmpty, "\(args)")
        }
    }

    @Test(arguments: [
        (["sync", "--foreground", "--limit"], "error: missing value for '--limit <limit>'"),
        (["sync", "--foreground", "--limit", "abc"], "error: the value 'abc' is invalid for '--limit <limit>'"),
        (["sync", "--foreground", "--limit", "0"], "error: --limit must be at least 1"),
        (["sync", "--log", "--stop"], "error: --log, --stop, --foreground and --rebuild cannot be combined"),
        (["show", "a", "b"], "error: unexpected argument 'b'"),
        (["show", "--color=sometimes"], "error: the value 'sometimes' is invalid for '--color <when>'"),
        (["status", "extra"], "error: unexpected argument 'extra'"),
        (["frobnicate"], "error: unexpected argument 'frobnicate'"),
    ])
    func malformedCommandLinesExit129WithTheUsage(args: [String], message: String) throws {
        let repo = try GitFixture()
        try repo.commit("one")
        let out = try repo.run(GitForgeBinary.path, args)
        #expect(out.status == 129)
        #expect(out.stderr.hasPrefix(message), "\(out.stderr)")
        #expect(out.stderr.contains("\nusage: git-forge"), "\(out.stderr)")
        #expect(out.stdout.isEmpty)
    }

    @Test func aRuntimeErrorIsOneLineAndExitOneForEveryCommand() throws {
        let repo = try GitFixture()
        let outside = repo.home
        let env = ["GIT_CEILING_DIRECTORIES": repo.scratch.path]
        for command in try Self.subcommands() where command != "hook" {  // a hook always exits 0
            let args = [command] + (Self.requiredArguments[command] ?? [])
            let out = try repo.run(GitForgeBinary.path, args, env: env, directory: outside)
            #expect(out.status == 1, "\(args): \(out.status) \(out.stderr)")
            #expect(out.stderr == "error: not a git repository (or any of the parent directories)\n", "\(args)")
        }
        let hook = try repo.run(GitForgeBinary.path, ["hook", "post-commit"], env: env, directory: outside)
        #expect(hook.status == 0 && hook.stderr.isEmpty)
    }
}
