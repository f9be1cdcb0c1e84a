import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// The man pages are the CLI's contract: every flag a command accepts is on its page, every flag a
/// page documents is accepted, and every page renders without a groff warning.
struct ManPageTests {
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let manDirectory = checkout.appendingPathComponent("man")
    static let pages = ["git-forge", "git-forge-show", "git-forge-log", "git-forge-blame", "git-forge-status",
                        "git-forge-sync", "git-forge-install", "git-forge-uninstall", "git-forge-ingest", "git-forge-pr",
                        "git-forge-issue", "git-forge-prs", "git-forge-browse", "git-forge-publish", "git-forge-fetch"]
    /// Commands whose pages are written (from their issues' contract) but which another branch
    /// implements. Remove a name when its command lands: the test then holds it to its page.
    static let awaitingImplementation: Set<String> = []
    static let configKeys = ["forge.remote", "forge.type", "forge.repo", "forge.apiUrl", "forge.paceMs",
                             "forge.refreshAge", "forge.enabled", "forge.associateLimit", "color.forge"]

    static func source(_ page: String) throws -> String {
        try String(contentsOf: manDirectory.appendingPathComponent("\(page).1"), encoding: .utf8)
    }

    /// Options named in the terms of a page's OPTIONS section: `--long`, `-s` and `<positional>`.
    static func documentedOptions(_ page: String) throws -> Set<String> {
        let text = try source(page)
        guard let start = text.range(of: ".SH \"OPTIONS\"\n") else { return [] }
        let section = text[start.upperBound...].components(separatedBy: "\n.SH ")[0]
        var found = Set<String>()
        let lines = section.components(separatedBy: "\n")
        for (i, line) in lines.enumerated() where line == ".TP" && i + 1 < lines.count {
            let term = lines[i + 1].replacingOccurrences(of: "\\-", with: "-")
                .replacingOccurrences(of: #"\\f[BRI]"#, with: "", options: .regularExpression)
            for match in term.matches(of: #/--([a-z][a-z-]*)|(?:^|[\s,])-([a-zA-Z])\b|^<([a-z-]+)>/#) {
                found.insert(match.1.map { "--\($0)" } ?? match.2.map { "-\($0)" } ?? "<\(match.3!)>")
            }
        }
        return found
    }

    /// What the CLI accepts, from argument-parser's own description of itself.
    static func acceptedOptions() throws -> [String: Set<String>] {
        let out = try GitFixture().forge("--experimental-dump-help")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        func options(_ command: [String: Any]) -> Set<String> {
            var set = Set<String>()
            for arg in command["arguments"] as? [[String: Any]] ?? [] {
                let names = (arg["names"] as? [[String: String]] ?? []).map { ($0["kind"]!, $0["name"]!) }
                if names.isEmpty, let value = arg["valueName"] as? String { set.insert("<\(value)>") }
                for (kind, name) in names where name != "help" && name != "h" {
                    set.insert(kind == "long" ? "--\(name)" : "-\(name)")
                }
            }
            return set
        }
        var result = ["git-forge": options(command)]
        for sub in command["subcommands"] as? [[String: Any]] ?? [] {
            let name = sub["commandName"] as! String
            guard name != "help", sub["shouldDisplay"] as? Bool != false else { continue }
            result["git-forge-\(name)"] = options(sub).subtracting(["--version"])
        }
        return result
    }

    @Test func everyFlagIsOnItsPageAndEveryDocumentedFlagIsAccepted() throws {
        let accepted = try Self.acceptedOptions()
        // Every visible command has a page
        #expect(Set(accepted.keys).isSubset(of: Set(Self.pages)), "commands without a page: \(accepted.keys)")
        for page in Self.pages {
            let command = String(page.dropFirst("git-forge-".count))
            guard let cli = accepted[page] else {
                #expect(Self.awaitingImplementation.contains(command), "\(page) documents a command the CLI lacks")
                continue
            }
            #expect(!Self.awaitingImplementation.contains(command),
                    "\(command) is implemented now: remove it from awaitingImplementation")
            let documented = try Self.documentedOptions(page)
            #expect(cli.subtracting(documented).isEmpty, "\(page) lacks \(cli.subtracting(documented).sorted())")
            #expect(documented.subtracting(cli).isEmpty, "\(page) documents unknown \(documented.subtracting(cli).sorted())")
        }
        #expect(try Self.documentedOptions("git-forge-show") == ["<rev>", "--json", "--color", "--no-pager", "--fetch"])
        #expect(try Self.documentedOptions("git-forge-log")
                == ["<revision-range>", "-n", "--max-count", "--json", "--color", "--no-pager"])
        #expect(try Self.documentedOptions("git-forge-blame") == ["<file>", "<rev>", "-L", "--json", "--color", "--no-pager"])
    }

    @Test(arguments: pages)
    func rendersWithoutWarningsAndHasGitsSections(page: String) throws {
        let repo = try GitFixture()
        let path = Self.manDirectory.appendingPathComponent("\(page).1").path
        let out = try repo.run("/usr/bin/groff", ["-man", "-ww", "-Tutf8", "-z", path])
        #expect(out.status == 0)
        #expect(out.stderr.isEmpty, "\(page): \(out.stderr)")
        let text = try Self.source(page)
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "CONFIGURATION", "FILES", "EXIT STATUS",
                        "EXAMPLES", "SEE ALSO"] {
            #expect(text.contains(".SH \"\(section)\"\n"), "\(page) lacks \(section)")
        }
        for key in Self.configKeys {
            #expect(text.contains("\\fB\(key)\\fR"), "\(page) lacks \(key)")
        }
        #expect(text.contains(".TH \"\(page.uppercased().replacingOccurrences(of: "-", with: "\\-"))\" \"1\""))
    }

    /// Every page in man/, whichever branch added it.
    static func allPages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: manDirectory.path)
            .filter { $0.hasSuffix(".1") }.map { String($0.dropLast(2)) }.sorted()
    }

    @Test func everyPageCarriesTheReleaseDateAndVersion() throws {
        let pages = try Self.allPages()
        #expect(Set(Self.pages).isSubset(of: Set(pages)))
        for page in pages {
            let th = try Self.source(page).components(separatedBy: "\n").first { $0.hasPrefix(".TH ") }
            let fields = th?.components(separatedBy: "\" \"")
            #expect(fields?.count == 5, "\(page): \(th ?? "no .TH")")
            #expect(fields?[2] == GitForgeVersion.releaseDate, "\(page): \(th ?? "")")
            #expect(fields?[3] == "git-forge \(GitForgeVersion.current)", "\(page): \(th ?? "")")
        }
    }

    @Test func everyPageGivesBothExitStatusesOfAFailure() throws {
        for page in try Self.allPages() {
            let text = try Self.source(page)
            let section = text.components(separatedBy: ".SH \"EXIT STATUS\"\n").dropFirst().first?
                .components(separatedBy: "\n.SH ")[0] ?? ""
            #expect(section.contains("1 on any error (one \\fBerror:\\fR line"), "\(page): \(section)")
            #expect(section.contains("129 when the command line cannot be parsed"), "\(page): \(section)")
        }
    }

    @Test func helpOpensTheCommandsPageAndDashHPrintsUsage() throws {
        // Given the pages on MANPATH, as `make install` puts them
        let repo = try GitFixture()
        let man1 = repo.home.appendingPathComponent("man/man1")
        try FileManager.default.createDirectory(at: man1, withIntermediateDirectories: true)
        for page in Self.pages {
            try FileManager.default.copyItem(at: Self.manDirectory.appendingPathComponent("\(page).1"),
                                             to: man1.appendingPathComponent("\(page).1"))
        }
        let env = ["MANPATH": repo.home.appendingPathComponent("man").path, "MANPAGER": "cat", "PAGER": "cat",
                   "MANWIDTH": "80"]
        let show = try repo.forge("show", "--help", env: env)
        #expect(show.status == 0)
        #expect(show.stdout.contains("git-forge-show - Show a commit"))
        // As `git help <command>` does
        let help = try repo.forge("help", "show", env: env)
        #expect(help.status == 0 && help.stdout.contains("git-forge-show - Show a commit"))
        let root = try repo.forge("--help", env: env)
        #expect(root.stdout.contains("git-forge - Pull-request and issue context"))
        let short = try repo.forge("show", "-h", env: env)
        #expect(short.stdout.contains("USAGE: git-forge show [<rev>] [--json] [--color <when>] [--no-pager] [--fetch]"))
        let log = try repo.forge("log", "-h", env: env)
        #expect(log.status == 0 && log.stdout.contains("USAGE: git-forge log [<revision-range> ...] [--max-count <N>]"))
        let blame = try repo.forge("blame", "-h", env: env)
        #expect(blame.status == 0 && blame.stdout.contains("USAGE: git-forge blame <file> [<rev>] [-L <start,end>] [--json]"))
        let logPage = try repo.forge("log", "--help", env: env)
        #expect(logPage.stdout.contains("git-forge-log - List commits"))
        // A command that does not exist is an error, not the root page (as `git help bogus`)
        let bogus = try repo.forge("help", "bogus", env: env)
        #expect(bogus.status == 1, "\(bogus.stdout)")
        #expect(bogus.stderr == "error: unknown command 'bogus'\n" && bogus.stdout.isEmpty)
        // Without the page, --help still helps
        let fallback = try repo.forge("status", "--help", env: ["MANPATH": "/nonexistent"])
        #expect(fallback.status == 0 && fallback.stdout.contains("USAGE: git-forge status"))
    }
}
