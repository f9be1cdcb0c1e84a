import Foundation
import GitForgeTestSupport
import Testing

/// One wrong thing a user can do, and exactly what git forge must answer: the whole of stderr
/// (`$REPO` stands for the repository's path) and the exit status.
struct BadInput: Sendable, CustomTestStringConvertible {
    enum Place: Sendable { case repository, outside, emptyRepository, bareEmptyRepository }

    var name: String
    var place: Place = .repository
    var setup: @Sendable (GitFixture) throws -> Void = { _ in }
    var args: [String]
    var env: [String: String] = [:]
    var stderr: String
    var status: Int32 = 1

    var testDescription: String { name }

    /// Usage errors are git's: `error: ` and the argument parser's message, the usage line, exit 129.
    static func usage(_ name: String, _ args: [String], _ message: String, usage: String) -> BadInput {
        let command = usage.split(separator: " ")[1]
        let help = command.hasPrefix("<") ? "git-forge --help" : "git-forge \(command) --help"
        return BadInput(name: name, args: args,
                        stderr: "error: \(message)\nusage: \(usage)\n  See '\(help)' for more information.\n",
                        status: 129)
    }
}

extension BadInput {
    static let notARepository = "error: not a git repository (or any of the parent directories)\n"
    static let syncUsage = "git-forge sync [--log] [--follow] [--stop] [--foreground] [--limit <limit>] [--rebuild]"
    static let showUsage = "git-forge show [<rev>] [--json] [--color <when>] [--no-pager] [--fetch]"
    static let limitHelp = "Help:  --limit <limit>  With --foreground: resolve at most this many references.\n"

    /// Works in every build: repository, revision, store and command-line errors.
    static let always: [BadInput] = outside + revisions + store + commandLine

    static let outside: [BadInput] = [
        ["show"], ["show", "--json", "HEAD"], ["sync"], ["sync", "--foreground"], ["sync", "--log"],
        ["sync", "--stop"], ["install"], ["uninstall"], ["uninstall", "--purge"],
    ].map { BadInput(name: "outside a repository: \($0.joined(separator: " "))", place: .outside, args: $0,
                     stderr: notARepository) }
        + [BadInput(name: "GIT_DIR names a missing directory", args: ["status"],
                    env: ["GIT_DIR": "/nonexistent/git-forge-test"], stderr: notARepository)]

    static let revisions: [BadInput] = [
        BadInput(name: "show in an empty bare repository", place: .bareEmptyRepository, args: ["show"],
                 stderr: "error: your current branch 'main' does not have any commits yet\n"),
        BadInput(name: "show --json in an empty repository", place: .emptyRepository, args: ["show", "--json"],
                 stderr: "error: your current branch 'main' does not have any commits yet\n"),
        BadInput(name: "empty revision", args: ["show", ""], stderr: "error: unknown revision ''\n"),
        BadInput(name: "a range is not one commit", args: ["show", "HEAD~1..HEAD"],
                 stderr: "error: 'HEAD~1..HEAD' is a range; git forge show takes one commit\n"),
        BadInput(name: "a range with a missing end", args: ["show", "HEAD..nope"],
                 stderr: "error: unknown revision 'HEAD..nope'\n"),
        BadInput(name: "a path missing from HEAD", args: ["show", "HEAD:missing.txt"],
                 stderr: "error: unknown revision 'HEAD:missing.txt'\n"),
        BadInput(name: "a reflog entry that does not exist", args: ["show", "main@{99}"],
                 stderr: "error: unknown revision 'main@{99}'\n"),
        BadInput(name: "a tag naming a tree", setup: { try $0.git("tag", "treetag", "HEAD^{tree}") },
                 args: ["show", "treetag"], stderr: "error: 'treetag' names a tree, not a commit\n"),
        BadInput(name: "a tag naming a blob", setup: { try $0.git("tag", "blobtag", "HEAD:a.txt") },
                 args: ["show", "blobtag"], stderr: "error: 'blobtag' names a blob, not a commit\n"),
    ]

    static let newerStore = "error: the store '$REPO/.git/forge/forge.db' was written by a newer git-forge; "
        + "upgrade git-forge (or remove the store to start over)\n"

    static let store: [BadInput] = [["status"], ["ingest"], ["show"], ["sync", "--foreground"]].map {
        BadInput(name: "a database from a newer version: \($0[0])", setup: { repo in
            _ = try repo.forge("ingest")
            try repo.database().write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
            }
        }, args: $0, stderr: newerStore)
    } + [
        BadInput(name: "install with a forge.enabled that is not a boolean", setup: { repo in
            try repo.git("config", "forge.enabled", "maybe")
        }, args: ["install"], stderr: "error: bad config value 'maybe' for 'forge.enabled': expected a boolean\n"),
        BadInput(name: "an unparseable .git/config", setup: { repo in
            try Data("[core]\n\trepositoryformatversion = 0\n[broken\n".utf8)
                .write(to: URL(fileURLWithPath: repo.path + "/.git/config"))
        }, args: ["status"], stderr: "error: cannot read the repository: open repository: failed to parse config "
            + "file: missing ']' in section header (in $REPO/.git/config:3)\n"),
    ]

    static let commandLine: [BadInput] = [
        BadInput(name: "unknown subcommand", args: ["frobnicate"],
                 stderr: "error: unexpected argument 'frobnicate'\nusage: git-forge <subcommand>\n"
                    + "  See 'git-forge --help' for more information.\n", status: 129),
        usage("unknown flag", ["show", "--bogus"], "unknown option '--bogus'", usage: showUsage),
        usage("two revisions", ["show", "a", "b"], "unexpected argument 'b'", usage: showUsage),
        usage("status with an argument", ["status", "extra"], "unexpected argument 'extra'",
              usage: "git-forge status [--json]"),
        usage("sync --limit -1", ["sync", "--foreground", "--limit", "-1"], "--limit must be at least 1", usage: syncUsage),
        usage("sync --limit 0", ["sync", "--foreground", "--limit", "0"], "--limit must be at least 1", usage: syncUsage),
        usage("sync --limit without --foreground", ["sync", "--limit", "3"], "--limit goes with --foreground",
              usage: syncUsage),
        usage("sync --follow without --log", ["sync", "--follow"], "--follow goes with --log", usage: syncUsage),
        usage("sync --log --stop", ["sync", "--log", "--stop"],
              "--log, --stop, --foreground and --rebuild cannot be combined", usage: syncUsage),
        BadInput(name: "sync --limit abc", args: ["sync", "--foreground", "--limit", "abc"],
                 stderr: "error: the value 'abc' is invalid for '--limit <limit>'\n" + limitHelp
                    + "usage: \(syncUsage)\n  See 'git-forge sync --help' for more information.\n", status: 129),
        BadInput(name: "show --color=sometimes", args: ["show", "--color=sometimes"],
                 stderr: "error: the value 'sometimes' is invalid for '--color <when>'. Please provide one of "
                    + "'always', 'never' or 'auto'.\nHelp:  --color <when>  Colour the output: always (--color alone), "
                    + "never or auto.\nusage: \(showUsage)\n  See 'git-forge show --help' for more information.\n",
                 status: 129),
    ]
}
