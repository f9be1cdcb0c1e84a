import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `git forge log` and `blame` run in this process with an injected `CommandContext`: colour and
/// the pager decided from the context's terminal and environment, errors on its stderr.
/// `LogTests` and `BlameTests` keep what needs the real process (exit statuses, parsing, the fast
/// path, a pager on a real terminal).
struct HistoryCommandTests {
    private static let tty = TerminalFacts(stdoutIsTTY: true, stderrIsTTY: true, width: 80)

    private func log(_ repo: GitFixture, _ revisions: [String] = [], json: Bool = false, color: ColorWhen? = nil,
                     noPager: Bool = true, env: [String: String] = [:],
                     terminal: TerminalFacts = .none) throws -> GitFixture.Output {
        try TestContext(repo, environment: env, terminal: terminal).run {
            try LogCommand.run($0, revisions: revisions, paths: nil, maxCount: nil, json: json, color: color,
                               noPager: noPager)
        }
    }

    @Test func theBinaryPrintsWhatAnInjectedContextCaptures() throws {
        let f = try ShowFixture()
        for (args, revisions, json, color) in [
            ([String](), [String](), false, ColorWhen?.none), (["--json", "HEAD~2"], ["HEAD~2"], true, nil),
            (["--color=always"], [], false, .always), (["no-such-rev"], ["no-such-rev"], false, nil),
        ] {
            let inProcess = try log(f.repo, revisions, json: json, color: color)
            let binary = try f.repo.run(GitForgeBinary.path, ["log"] + args)
            #expect(binary == inProcess, "\(args)")
        }
    }

    @Test func colourFollowsTheTerminalTermAndNoColor() throws {
        let f = try ShowFixture()
        let esc = "\u{1B}["
        #expect(!(try log(f.repo)).stdout.contains(esc), "piped: no colour")
        #expect((try log(f.repo, env: ["TERM": "xterm"], terminal: Self.tty)).stdout.hasPrefix("\(esc)33m"))
        #expect(!(try log(f.repo, env: ["TERM": "dumb"], terminal: Self.tty)).stdout.contains(esc))
        #expect(!(try log(f.repo, env: ["TERM": "xterm", "NO_COLOR": "1"], terminal: Self.tty)).stdout.contains(esc))
        #expect((try log(f.repo, env: ["GIT_PAGER_IN_USE": "1"])).stdout.hasPrefix("\(esc)33m"))
        #expect((try log(f.repo, color: .always, env: ["NO_COLOR": "1"])).stdout.hasPrefix("\(esc)33m"))
        #expect(!(try log(f.repo, color: .never, env: ["TERM": "xterm"], terminal: Self.tty)).stdout.contains(esc))
    }

    @Test func thePagerGetsTheTextOnATerminalOnly() throws {
        let f = try ShowFixture()
        let paged = f.repo.root.deletingLastPathComponent().appendingPathComponent("paged").path
        let env = ["GIT_PAGER": "cat > '\(paged)'", "TERM": "dumb"]
        let plain = try log(f.repo, noPager: true)
        // Not a terminal: straight to stdout, whatever names a pager
        #expect(try log(f.repo, noPager: false, env: env) == plain)
        #expect(!FileManager.default.fileExists(atPath: paged))
        // A terminal: the pager gets every byte, stdout nothing; --no-pager writes them itself
        let out = try log(f.repo, noPager: false, env: env, terminal: Self.tty)
        #expect(out.status == 0 && out.stdout.isEmpty && out.stderr.isEmpty)
        #expect(try String(contentsOfFile: paged, encoding: .utf8) == plain.stdout)
        try FileManager.default.removeItem(atPath: paged)
        #expect(try log(f.repo, noPager: true, env: env, terminal: Self.tty) == plain)
        #expect(!FileManager.default.fileExists(atPath: paged))
    }

    @Test func errorsAreOneLineOnTheContextsStderr() throws {
        let f = try HistoryFixture()
        let bad = try log(f.repo, ["main..nope"])
        #expect(bad == .init(status: 1, stdout: "", stderr: "error: ambiguous argument 'main..nope': unknown revision or path not in the working tree (use '--' to separate paths from revisions)\n"))
        let outside = try TestContext(repository: nil).run {
            try LogCommand.run($0, revisions: [], paths: nil, maxCount: nil, json: true, color: nil, noPager: true)
        }
        #expect(outside.status == 1 && outside.stdout.isEmpty && outside.stderr.hasPrefix("error: "))
        #expect(outside.stderr.filter { $0 == "\n" }.count == 1)
        // blame refuses before running git: a path given from the top of the work tree
        func blame(_ file: String, _ rev: String = "HEAD") throws -> GitFixture.Output {
            try TestContext(f.repo).run {
                try BlameCommand.run($0, file: f.repo.path + "/" + file, rev: rev, lines: nil, json: false,
                                     color: nil, noPager: true)
            }
        }
        #expect(try blame("a.txt") == .init(status: 1, stdout: "", stderr: "error: no such path 'a.txt' in HEAD\n"))
        #expect(try blame("dir") == .init(status: 1, stdout: "", stderr: "error: no such path 'dir' in HEAD\n"))
        #expect(try blame("moved.txt", "nope") == .init(status: 1, stdout: "", stderr: "error: unknown revision 'nope'\n"))
        // and a read-only view makes no store where there was none
        let fresh = try GitFixture()
        try fresh.commit("one")
        _ = try log(fresh)
        #expect(!FileManager.default.fileExists(atPath: fresh.path + "/.git/forge"))
    }
}
