import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `git forge pr`, `issue`, `prs` and `browse` run in this process with an injected
/// `CommandContext`: ages from its clock, colour from its terminal, and a browser never started
/// off a terminal. `ItemViewTests` keeps the launching tests (exit statuses, usage errors, a
/// browser on a real terminal).
struct ItemCommandTests {
    private static let tty = TerminalFacts(stdoutIsTTY: true, stderrIsTTY: true, width: 80)

    private func item(_ f: ShowFixture, _ asked: ItemError.Asked, _ number: Int, json: Bool = false,
                      color: ColorWhen? = nil, env: [String: String] = [:], now: Date? = nil,
                      terminal: TerminalFacts = .none) throws -> GitFixture.Output {
        try TestContext(f.repo, environment: env, now: now, terminal: terminal).run {
            try ItemCommand.run($0, asked, number: number, json: json, color: color, noPager: true)
        }
    }

    private func browse(_ f: ShowFixture, _ target: String?, noBrowser: Bool = false, env: [String: String],
                        terminal: TerminalFacts = .none) throws -> GitFixture.Output {
        try TestContext(f.repo, environment: env, terminal: terminal).run {
            try BrowseCommand.run($0, target: target, noBrowser: noBrowser)
        }
    }

    @Test func theBinaryPrintsWhatAnInjectedContextCaptures() throws {
        let f = try ShowFixture()
        let cases: [([String], (CommandContext) throws -> Void)] = [
            (["pr", "12"], { try ItemCommand.run($0, .pull, number: 12, json: false, color: nil, noPager: false) }),
            (["issue", "40", "--json"], { try ItemCommand.run($0, .issue, number: 40, json: true, color: nil, noPager: false) }),
            (["pr", "99"], { try ItemCommand.run($0, .pull, number: 99, json: false, color: nil, noPager: false) }),
            (["prs", "main", "--color=always"],
             { try PullRequestsCommand.run($0, revisions: ["main"], json: false, color: .always, noPager: false) }),
            (["prs", "main", "--json"], { try PullRequestsCommand.run($0, revisions: ["main"], json: true, color: nil, noPager: false) }),
            (["browse", "HEAD~1"], { try BrowseCommand.run($0, target: "HEAD~1", noBrowser: false) }),
            (["browse", "no-such-rev"], { try BrowseCommand.run($0, target: "no-such-rev", noBrowser: false) }),
        ]
        for (args, command) in cases {
            let inProcess = try TestContext(f.repo).run(command)
            let binary = try f.repo.run(GitForgeBinary.path, args)
            #expect(binary == inProcess, "\(args)")
        }
    }

    @Test func agesAreTheContextsClockAndColourItsTerminal() throws {
        let f = try ShowFixture()
        // #30 was fetched three hours before the fixture's now
        let later = Date(timeIntervalSince1970: TimeInterval(f.now - 3 * 3600 + 2 * 86_400))
        #expect((try item(f, .pull, 30, now: later)).stdout.contains("draft, as of 2 days ago"))
        #expect((try item(f, .pull, 30)).stdout.contains("draft, as of 3 hours ago"))
        let esc = "\u{1B}["
        #expect(!(try item(f, .pull, 12)).stdout.contains(esc))
        #expect((try item(f, .pull, 12, env: ["TERM": "xterm"], terminal: Self.tty)).stdout.hasPrefix("\(esc)1mpull request #12"))
        #expect(!(try item(f, .pull, 12, env: ["TERM": "xterm", "NO_COLOR": "1"], terminal: Self.tty)).stdout.contains(esc))
        #expect((try item(f, .issue, 7, color: .always)).stdout.hasPrefix("\(esc)1missue #7"))
    }

    @Test func browseNeverStartsABrowserOffATerminalOrWhenAskedToPrint() throws {
        let f = try ShowFixture()
        let mark = f.repo.home.appendingPathComponent("browsed")
        let env = ["BROWSER": "touch '\(mark.path)'; true"]
        #expect(try browse(f, "7", env: env) == .init(status: 0, stdout: "https://github.com/o/r/issues/7\n", stderr: ""))
        #expect(try browse(f, nil, env: env).stdout == "https://github.com/o/r/commit/\(f.harden)\n")
        #expect(try browse(f, "!12", noBrowser: true, env: env, terminal: Self.tty).stdout == "https://github.com/o/r/pull/12\n")
        // A terminal with no browser to start: printed too
        let none = try browse(f, "#12", env: ["PATH": "/nonexistent"], terminal: Self.tty)
        #expect(none == .init(status: 0, stdout: "https://github.com/o/r/pull/12\n", stderr: ""))
        #expect(!FileManager.default.fileExists(atPath: mark.path))
        // A browser that fails: said, with the URL, and exit 1
        let failing = try browse(f, "7", env: ["BROWSER": "false"], terminal: Self.tty)
        #expect(failing == .init(status: 1, stdout: "", stderr: "Opening https://github.com/o/r/issues/7 in your browser.\n"
                                 + "error: 'false' failed (exit 1); the URL is https://github.com/o/r/issues/7\n"))
    }
}
