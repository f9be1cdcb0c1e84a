import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `git forge pr`, `issue`, `prs` and `browse` end to end: the real binary on ShowFixture's
/// repository, with resolved data in the store.
@Suite(.serialized) struct ItemViewTests {
    let f: ShowFixture

    init() throws {
        f = try ShowFixture()
        // A description with controls in it, and the forge's word that #20 closes #9 (no commit says so).
        let store = try Workspace(repository: Repository.open(at: f.repo.path)).openStore()
        try store.writer.write { db in
            try db.execute(sql: """
                UPDATE forge_items SET body = 'Fixes the parser.\r\n\r\nSee \u{1B}]0;x\u{07}the log.' WHERE number = 12;
                UPDATE forge_items SET closes = '[{"repo":"O/R","number":9}]' WHERE number = 20;
                """)
        }
    }

    func forge(_ args: String..., env: [String: String] = [:]) throws -> GitFixture.Output {
        try f.repo.run(GitForgeBinary.path, args, env: env)
    }

    func json(_ args: String...) throws -> [String: Any] {
        let out = try f.repo.run(GitForgeBinary.path, args + ["--json"], env: [:])
        #expect(out.status == 0, "\(args): \(out.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }

    static func commits(_ object: [String: Any]) -> [[String: String]] {
        (object["commits"] as? [[String: Any]] ?? []).map { commit in
            commit.compactMapValues { $0 as? String }
        }
    }

    @Test func pullRequestCommitsWithEachVia() throws {
        // The message says so (#12), merge ancestry (#20's branch), the forge's association (#30)
        let twelve = try json("pr", "12")
        #expect(Self.commits(twelve) == [["sha": f.fix, "subject": "Fix the parser (#12)", "relation": "mergedIn",
                                          "via": "message"]])
        #expect(twelve["title"] as? String == "Fix the parser")
        #expect(twelve["state"] as? String == "merged")
        #expect(twelve["mergedAt"] as? String == "2023-11-15T10:00:00Z")
        #expect(twelve["labels"] as? [String] == ["bug", "parser"])
        #expect(twelve["relation"] is NSNull && twelve["via"] is NSNull)
        #expect((twelve["body"] as? String)?.hasPrefix("Fixes the parser.\r\n") == true)
        let closes = try #require(twelve["closes"] as? [[String: Any]])
        #expect(closes.map { $0["number"] as? Int } == [7])
        #expect(closes.first?["title"] as? String == "Parser crashes on empty input")
        #expect(closes.first?["relation"] as? String == "closes")

        let twenty = try json("pr", "#20")
        #expect(Self.commits(twenty).map { [$0["sha"]!, $0["via"]!] }
                == [[f.merge, "message"], [f.cache2, "merge"], [f.cache1, "merge"]])
        // The forge says #20 closes #9, which is not fetched yet
        let closed = try #require(twenty["closes"] as? [[String: Any]])
        #expect(closed.map { $0["number"] as? Int } == [9])
        #expect(closed.first?["status"] as? String == "pending")

        let thirty = try json("pr", "30")
        #expect(Self.commits(thirty) == [["sha": f.refactor, "subject": "Refactor the store", "relation": "mergedIn",
                                          "via": "forge"]])
        #expect(thirty["draft"] as? Bool == true)
    }

    @Test func pullRequestText() throws {
        let out = try forge("pr", "12")
        #expect(out.status == 0)
        #expect(out.stderr.isEmpty)
        #expect(out.stdout == """
            pull request #12 Fix the parser
            merged 2023-11-15T10:00:00Z · by alice
            labels: bug, parser
            https://github.com/o/r/pull/12

                Fixes the parser.

                See ^[]0;x^Gthe log.

            Commits
                \(f.fix.prefix(7)) Fix the parser (#12) (via message)

            Closes
                #7 Parser crashes on empty input · closed

            """)
    }

    @Test func issueCommitsThatCloseOrMentionItAndTheirPullRequests() throws {
        let seven = try json("issue", "7")
        let commits = try #require(seven["commits"] as? [[String: Any]])
        #expect(commits.count == 1)
        #expect(commits.first?["sha"] as? String == f.fix)
        #expect(commits.first?["relation"] as? String == "closes")
        #expect(commits.first?["via"] is NSNull)
        #expect(commits.first?["pullRequest"] as? Int == 12)
        let pulls = try #require(seven["pullRequests"] as? [[String: Any]])
        #expect(pulls.map { $0["number"] as? Int } == [12])
        #expect(pulls.first?["relation"] as? String == "mergedIn")

        // A mention; forge text is neutralised on a terminal's behalf
        let forty = try forge("issue", "40")
        #expect(forty.status == 0)
        #expect(!forty.stdout.contains("\u{1B}") && !forty.stdout.contains("\u{9B}"))
        #expect(forty.stdout.contains("\(f.harden.prefix(7)) Harden input handling, see #40\n"))
        let json40 = try json("issue", "40")
        #expect((json40["commits"] as? [[String: Any]])?.first?["relation"] as? String == "mentions")
        #expect(json40["title"] as? String == ShowFixture.evilTitle)
    }

    @Test func unknownPendingNotFoundAndOtherKindNumbers() throws {
        let cases: [([String], String)] = [
            (["pr", "99"], "error: pull request #99 is not in the store: no commit names it "
                + "('git forge pr --fetch 99' asks the forge)\n"),
            (["pr", "9"], "error: pull request #9 is not fetched yet (pending); run 'git forge sync' to fetch it "
                + "or 'git forge pr --fetch 9' for it alone\n"),
            (["issue", "11"], "error: issue #11: the forge does not know it (no such pull request or issue)\n"),
            (["pr", "7"], "error: #7 is an issue, not a pull request; see 'git forge issue 7'\n"),
            (["issue", "12"], "error: #12 is a pull request, not an issue; see 'git forge pr 12'\n"),
        ]
        for (args, message) in cases {
            let out = try f.repo.run(GitForgeBinary.path, args, env: [:])
            #expect(out.status == 1, "\(args)")
            #expect(out.stderr == message)
            #expect(out.stdout.isEmpty)
        }
        // Not a number: a usage error, not "unknown"
        for bad in ["abc", "12x", "-3", "0"] {
            let out = try forge("pr", "--", bad)
            #expect(out.status != 0 && out.status != 1, "\(bad)")
            #expect(out.stderr.contains("'\(bad)' is not a pull request number"), "\(bad): \(out.stderr)")
        }
    }

    @Test func prsOverATagRange() throws {
        try f.repo.git("tag", "v1.0", f.fix)
        try f.repo.git("tag", "-a", "-m", "release", "v1.1", f.merge)
        let release = try json("prs", "v1.0..v1.1")
        let pulls = try #require(release["pullRequests"] as? [[String: Any]])
        #expect(pulls.map { $0["number"] as? Int } == [20])
        #expect(pulls.first?["commits"] as? [String] == [f.merge, f.cache2, f.cache1])
        #expect(pulls.first?["title"] as? String == "Add a cache")
        #expect((pulls.first?["closes"] as? [[String: Any]])?.map { $0["number"] as? Int } == [9])
        #expect(release["commits"] as? [String] == [])

        // Everything after the release: #30 by the forge's association, and a commit of no pull request
        let after = try json("prs", "v1.1..main")
        #expect((after["pullRequests"] as? [[String: Any]])?.map { $0["number"] as? Int } == [30])
        #expect(after["commits"] as? [String] == [f.harden])

        // The whole history, each pull request once, newest first
        let all = try json("prs", "main")
        #expect((all["pullRequests"] as? [[String: Any]])?.map { $0["number"] as? Int } == [30, 20, 12])
        let oldest = try #require((all["pullRequests"] as? [[String: Any]])?.last)
        #expect((oldest["closes"] as? [[String: Any]])?.map { $0["number"] as? Int } == [7])
        #expect(all["commits"] as? [String] == [f.harden, try f.repo.git("rev-list", "--max-parents=0", "HEAD")])

        let text = try forge("prs", "v1.1..main")
        #expect(text.status == 0)
        #expect(text.stdout == """
            #30 Refactor the store
                draft, as of 3 hours ago · by dave · 1 commit
                labels: refactor

            Commits without a pull request
                \(f.harden.prefix(7)) Harden input handling, see #40

            """)
        // A commit no ingest has stored yet is read from git: its message names its pull request
        let fresh = try f.repo.commit("Follow-up to the store refactor (#30)")
        let later = try json("prs", "v1.1..main")
        let thirty = try #require((later["pullRequests"] as? [[String: Any]])?.first)
        #expect(thirty["number"] as? Int == 30)
        #expect(thirty["commits"] as? [String] == [fresh, f.refactor])

        let unknown = try forge("prs", "v9..main")
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "error: unknown revision 'v9'\n")
    }

    @Test func browsePrintsTheURLOffATerminalAndHandsItToTheBrowserOnOne() throws {
        // A browser that would leave a mark if it were started
        let mark = f.repo.home.appendingPathComponent("browsed")
        let browser = f.repo.home.appendingPathComponent("browser.sh")
        try Data("#!/bin/sh\necho \"$1\" > '\(mark.path)'\n".utf8).write(to: browser)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: browser.path)
        let env = ["BROWSER": browser.path]
        let cases: [([String], String)] = [
            ([], "https://github.com/o/r/commit/\(f.harden)"),
            (["HEAD~1"], "https://github.com/o/r/pull/30"),
            ([f.cache1], "https://github.com/o/r/pull/20"),
            (["7"], "https://github.com/o/r/issues/7"),
            (["#12"], "https://github.com/o/r/pull/12"),
            (["99"], "https://github.com/o/r/issues/99"),
        ]
        for (args, url) in cases {
            let out = try f.repo.run(GitForgeBinary.path, ["browse"] + args, env: env)
            #expect(out.status == 0, "\(args): \(out.stderr)")
            #expect(out.stdout == url + "\n", "\(args)")
        }
        #expect(!FileManager.default.fileExists(atPath: mark.path))
        // On a terminal the browser gets the URL as an argument: a URL the forge made up is never
        // run as shell (script(1) gives the command a terminal)
        let trap = f.repo.home.appendingPathComponent("pwned")
        let store = try Workspace(repository: Repository.open(at: f.repo.path)).openStore()
        try store.writer.write { db in
            try db.execute(sql: "UPDATE forge_items SET url = ? WHERE number = 7",
                           arguments: ["https://github.com/o/r/issues/7?$(touch \(trap.path))`touch \(trap.path)`"])
        }
        let tty = try f.repo.run("/usr/bin/script", ["-qec", "\(GitForgeBinary.path) browse 7", "/dev/null"], env: env)
        #expect(tty.status == 0, "\(tty.stdout)")
        #expect(tty.stdout.contains("Opening https://github.com/o/r/issues/7?"))
        let opened = try String(contentsOf: mark, encoding: .utf8)
        #expect(opened == "https://github.com/o/r/issues/7?$(touch \(trap.path))`touch \(trap.path)`\n")
        #expect(!FileManager.default.fileExists(atPath: trap.path))
        // -n prints it, even on a terminal
        try FileManager.default.removeItem(at: mark)
        let printed = try f.repo.run("/usr/bin/script", ["-qec", "\(GitForgeBinary.path) browse -n 12", "/dev/null"], env: env)
        #expect(printed.stdout.contains("https://github.com/o/r/pull/12"))
        #expect(!FileManager.default.fileExists(atPath: mark.path))

        let bad = try forge("browse", "no-such-rev")
        #expect(bad.status == 1 && bad.stderr == "error: unknown revision 'no-such-rev'\n")
    }
}
