import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `git forge log` end to end: the commits and order of `git log` for the same arguments, each
/// with what `show` says about it.
@Suite(.serialized) struct LogTests {
    @Test func ordersAndRangesAsGitLogDoes() throws {
        let f = try HistoryFixture()
        let s = f.shas
        let cases: [[String]] = [
            [], ["-n", "3"], ["-n", "0"], ["main"], ["topic"], ["topic", "main"], ["\(s["t1"]!)", "\(s["a2"]!)"],
            ["\(s["a1"]!)..main"], ["topic..main"], ["main..topic"], ["^topic", "main"], ["topic...main"],
            ["\(s["merge"]!)^@"], ["\(s["merge"]!)^!"], ["\(s["merge"]!)^-"], ["..\(s["after"]!)"], ["\(s["skewed"]!)..",],
            ["--", "dir"], ["--", "b.txt", "dir"], ["\(s["a1"]!)..main", "--", "dir", "b.txt"],
            ["-n", "2", "--", "b.txt", "dir/x.txt"], ["--", "."], ["--", "*.txt"], ["main", "--", "nothing-here"],
        ]
        for args in cases {
            let gitArgs = args.map { $0 == "-n" ? "--max-count" : $0 }
            #expect(try f.forgeLog(args) == (try f.gitLog(gitArgs)), "\(args)")
        }
    }

    @Test func oneFileIsFollowedAcrossItsRename() throws {
        let f = try HistoryFixture()
        // Given moved.txt, which was a.txt before the rename
        let followed = try f.forgeLog(["--", "moved.txt"])
        #expect(followed == (try f.gitLog(["--follow", "--", "moved.txt"])))
        #expect(followed.contains(f.shas["t1"]!) && followed.contains(f.shas["root"]!))
        // A path given without `--`, from a subdirectory, is the same
        let sub = try f.repo.run(GitForgeBinary.path, ["log", "--json", "../moved.txt"],
                                 directory: f.repo.root.appendingPathComponent("dir"))
        #expect(sub.status == 0, "\(sub.stderr)")
        #expect(sub.stdout.components(separatedBy: "\"sha\" : ").count - 1 == followed.count)
        #expect(try f.forgeLog(["-n", "2", "moved.txt"]) == Array(followed.prefix(2)))
    }

    @Test func jsonElementsAreShowsObjects() throws {
        let f = try ShowFixture()
        let out = try f.repo.forge("log", "--json")
        #expect(out.status == 0, "\(out.stderr)")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [NSDictionary])
        let order = try f.repo.git("log", "--format=%H").split(separator: "\n").map(String.init)
        #expect(array.count == order.count)
        for (element, sha) in zip(array, order) {
            let show = try f.show("--json", sha)
            let object = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? NSDictionary
            #expect(element == object, "\(sha)")
        }
    }

    @Test func linesCarryThePullRequestAndClosedIssues() throws {
        let f = try ShowFixture()
        let out = try f.repo.forge("log")
        #expect(out.status == 0)
        let short = { (sha: String) in String(sha.prefix(7)) }
        #expect(out.stdout == """
            \(short(f.harden)) Harden input handling, see #40
            \(short(f.refactor)) Refactor the store  #30 Refactor the store
            \(short(f.merge)) Merge pull request #20 from dev/cache  #20 Add a cache
            \(short(f.cache2)) Tune the cache size  #20 Add a cache
            \(short(f.cache1)) Add a cache layer  #20 Add a cache
            \(short(f.fix)) Fix the parser (#12)  #12 Fix the parser  closes #7
            \(try f.repo.git("rev-parse", "--short=7", "HEAD~4")) Initial import

            """)
        // The argument parser (here for --color) and the fast path read the same arguments alike
        for args in [["-n", "2"], ["--max-count=2"], ["HEAD~1", "-n", "1", "--no-pager"], ["--", "x"]] {
            let fast = try f.repo.run(GitForgeBinary.path, ["log"] + args)
            let parsed = try f.repo.run(GitForgeBinary.path, ["log", "--color=never"] + args)
            #expect(fast.status == 0 && fast.stdout == parsed.stdout, "\(args)")
        }
        #expect((try f.repo.forge("log", "-n", "2")).stdout.split(separator: "\n").count == 2)
    }

    @Test func forgeTextIsNeutralisedAndPendingSaysSo() throws {
        let f = try ShowFixture()
        let store = try Workspace(repository: Repository.open(at: f.repo.path)).openStore()
        try store.writer.write { db in
            try db.execute(sql: "UPDATE forge_items SET title = ? WHERE number = 30", arguments: [ShowFixture.evilTitle])
            try db.execute(sql: "DELETE FROM forge_items WHERE number = 20")
            try db.execute(sql: "UPDATE forge_refs SET status = 'pending' WHERE number = 20")
        }
        let out = try f.repo.forge("log", "--color=always")
        #expect(!out.stdout.contains("\u{1B}]"), "an OSC sequence from the forge reached the terminal")
        #expect(out.stdout.contains("#30\u{1B}[m Evil ^[]0;pwned^Gtitle"))
        #expect(out.stdout.contains("#20\u{1B}[m \u{1B}[33m(pending)"))
        // Piped without --color: no colour at all
        #expect(!(try f.repo.forge("log")).stdout.contains("\u{1B}"))
    }

    @Test func pagesOnATerminalOnly() throws {
        let f = try HistoryFixture()
        let marker = f.repo.root.deletingLastPathComponent().appendingPathComponent("pager-ran")
        let pager = "touch '\(marker.path)'; cat"
        // Piped: no pager, whatever names one
        for command in [["log"], ["blame", "b.txt"]] {
            let out = try f.repo.run(GitForgeBinary.path, command, env: ["GIT_PAGER": pager])
            #expect(out.status == 0 && !out.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: marker.path), "\(command)")
        }
        // On a terminal (script(1) gives one) the pager runs; --no-pager skips it
        let script = "/usr/bin/script"
        guard FileManager.default.isExecutableFile(atPath: script) else { return }
        for command in ["log", "blame b.txt"] {
            _ = try f.repo.run(script, ["-qec", "'\(GitForgeBinary.path)' \(command) --no-pager", "/dev/null"],
                               env: ["GIT_PAGER": pager])
            #expect(!FileManager.default.fileExists(atPath: marker.path), "\(command)")
            let paged = try f.repo.run(script, ["-qec", "'\(GitForgeBinary.path)' \(command)", "/dev/null"],
                                       env: ["GIT_PAGER": pager, "NO_COLOR": "", "TERM": "xterm"])
            #expect(paged.status == 0 && FileManager.default.fileExists(atPath: marker.path), "\(command)")
            // Colour is on by default on a terminal, as git's auto
            #expect(paged.stdout.contains("\u{1B}[33m"), "\(command)")
            try? FileManager.default.removeItem(at: marker)
        }
    }

    @Test func badInputIsOneErrorLine() throws {
        let f = try HistoryFixture()
        for (args, message) in [
            (["nope"], "error: ambiguous argument 'nope': unknown revision or path not in the working tree (use '--' to separate paths from revisions)\n"),
            (["nope", "--"], "error: bad revision 'nope'\n"),
            (["main..nope"], "error: ambiguous argument 'main..nope': unknown revision or path not in the working tree (use '--' to separate paths from revisions)\n"),
            (["b.txt", "nope"], "error: ambiguous argument 'nope': unknown revision or path not in the working tree (use '--' to separate paths from revisions)\n"),
            (["HEAD^{tree}"], "error: 'HEAD^{tree}' names a tree, not a commit\n"),
        ] {
            let out = try f.repo.run(GitForgeBinary.path, ["log"] + args)
            #expect(out.status == 1, "\(args)")
            #expect(out.stderr == message, "\(args)")
            #expect(out.stdout.isEmpty)
        }
        // A file that is also a branch needs `--`, as in git
        try f.repo.git("branch", "b.txt")
        #expect((try f.repo.run(GitForgeBinary.path, ["log", "b.txt"])).stderr
                == "error: ambiguous argument 'b.txt': both revision and filename (use '--' to separate paths from revisions)\n")
        // A count that is not a number is a usage error
        for bad in ["x", "-1", "1.5"] {
            let out = try f.repo.run(GitForgeBinary.path, ["log", "-n", bad])
            #expect(out.status != 0 && out.status != 1, "-n \(bad)")
            #expect(out.stdout.isEmpty)
        }
        let empty = try GitFixture()
        let none = try empty.forge("log")
        #expect(none.status == 1)
        #expect(none.stderr == "error: your current branch 'main' does not have any commits yet\n")
    }
}

/// A history long enough that freeing the walk's commit graph as a chain would overflow the
/// walking thread's stack.
struct LongHistoryLogTests {
    @Test func aLongLinearHistoryIsWalkedWhole() throws {
        let repo = try GitFixture()
        var stream = ""
        let count = 30_000
        for i in 1...count {
            stream += "commit refs/heads/main\nmark :\(i)\ncommitter A <a@example.com> \(1_600_000_000 + i) +0000\n"
            stream += "data 3\nc\(i % 10)\n" + (i > 1 ? "from :\(i - 1)\n" : "") + "\n"
        }
        try repo.git("fast-import", "--quiet", input: Data(stream.utf8))
        let out = try repo.forge("log", "--no-pager")
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.split(separator: "\n").count == count)
    }
}

/// Without a store (a read-only command creates none), commits come from git and every reference
/// in their messages is pending.
struct NoStoreHistoryTests {
    @Test func logAndBlameWorkWithoutAStore() throws {
        let f = try GitFixture()
        try f.git("remote", "add", "origin", "https://github.com/o/r.git")
        try Data("a\nb\n".utf8).write(to: f.root.appendingPathComponent("f.txt"))
        try f.git("add", "f.txt")
        let sha = try f.commit("Add f (#4)\n\nFixes #2.\n")
        let workspace = try Workspace(repository: Repository.open(at: f.path))
        let log = try LogQuery(workspace: workspace, store: nil).run(arguments: [sha], paths: nil, limit: nil)
        let context = try #require(log.commits.first)
        #expect(log.commits.count == 1 && context.commit.sha == sha && !context.commit.ingested)
        #expect(context.pullRequests.map(\.number) == [4] && context.pullRequests[0].status == .pending)
        #expect(context.issues.map(\.number) == [2] && context.issues[0].relation == .closes)
        // blame runs git in the current directory: the fixture's
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(f.path)
        defer { FileManager.default.changeCurrentDirectoryPath(cwd) }
        let blame = try BlameQuery(workspace: workspace, store: nil).run(path: "f.txt", revision: sha, lines: nil, keepText: true)
        #expect(blame.hunks == [BlameHunk(sha: sha, start: 1, lines: 2)] && blame.text == ["a", "b"])
        #expect(blame.commits[sha]?.pullRequests.first?.number == 4)
    }
}

/// A long walk reads the link tables whole (`TableLinkRows`), a short one per commit
/// (`PointLinkRows`): both must give every commit the same links.
struct LinkRowsTests {
    @Test func tablesReadWholeGiveWhatPointQueriesGive() throws {
        let f = try ShowFixture()
        let workspace = try Workspace(repository: Repository.open(at: f.repo.path))
        let store = try workspace.openStore()
        let context = workspace.referenceContext
        let odb = try workspace.repository.objectDatabase()
        let shas = try f.repo.git("log", "--format=%H").split(separator: "\n").map(String.init)
        try store.writer.write { db in
            // An issue with a pull request's number: the pull request is the one `(#12)` finds
            try db.execute(sql: """
                INSERT INTO forge_items(host, repo, kind, number, title, state, url, fetched_at)
                VALUES ('github.com', 'o/r', 'issue', 12, 'Not the pull request', 'open', 'https://github.com/o/r/issues/12', 1)
                """)
        }
        // Saved as the resolver saves them
        try store.saveAssociations([shas[0]: .none, shas[1]: .unknownCommit, shas[2]: .pulls([])], repo: "o/r",
                                   pullKind: context.backlogPullKind, run: 0, resolved: 0, requests: 0)
        try store.read { db in
            let point = try PointLinkRows(db: db, repo: context.repo)
            let table = try TableLinkRows(db, pullKind: .any, host: "github.com", repo: context.repo, checks: true)
            // What `log`'s lines read: the items' kinds and titles only, the checks per commit
            let lines = try TableLinkRows(db, pullKind: .any, host: "github.com", repo: context.repo, titlesOnly: true)
            var linked = 0, checked = 0
            for sha in shas {
                var shown = try #require(try odb.commit(sha).map(ShownCommit.init(raw:)))
                shown.ingested = try point.isIngested(sha)
                #expect(try table.isIngested(sha) == shown.ingested)
                let a = try ShowQuery.links(of: shown, rows: point, derived: true, context: context, host: "github.com")
                let b = try ShowQuery.links(of: shown, rows: table, derived: true, context: context, host: "github.com")
                #expect(a == b, "\(sha)")
                let c = try ShowQuery.links(of: shown, rows: lines, derived: true, context: context, host: "github.com")
                #expect(a.map { [$0.kind.rawValue, $0.relation.rawValue, $0.item?.title, $0.status.rawValue] }
                        == c.map { [$0.kind.rawValue, $0.relation.rawValue, $0.item?.title, $0.status.rawValue] }, "\(sha)")
                linked += a.count
                let check = try point.pullRequestCheck(sha)
                #expect(try table.pullRequestCheck(sha) == check && lines.pullRequestCheck(sha) == check)
                if check != nil { checked += 1 }
            }
            #expect(linked >= 8 && checked == 3)
            let fix = try #require(try odb.commit(f.fix).map(ShownCommit.init(raw:)))
            let titles = try ShowQuery.links(of: fix, rows: lines, derived: true, context: context, host: "github.com")
                .compactMap { $0.item?.title }
            #expect(titles.contains("Fix the parser") && !titles.contains("Not the pull request"), "\(titles)")
        }
    }
}

/// The abbreviation `log` prints is `git log --oneline`'s: git's length for the packed object
/// count, or `core.abbrev`.
struct AbbreviationTests {
    @Test func abbreviatesAsGitLogDoes() throws {
        let repo = try GitFixture()
        let length = { try Repository.open(at: repo.path).abbreviationLength(config: Repository.open(at: repo.path).config()) }
        let git = { try repo.git("log", "-1", "--format=%h").count }
        try repo.commit("One")
        #expect(try length() == 7 && git() == 7)
        // 2^14 packed objects and more: git's automatic length is 8
        var stream = ""
        for i in 0..<16_400 { stream += "blob\ndata \(String(i).utf8.count)\n\(i)\n" }
        stream += "commit refs/heads/main\ncommitter A <a@example.com> 1700000000 +0000\ndata 3\nTwo\nfrom refs/heads/main^0\n\n"
        try repo.git("fast-import", "--quiet", input: Data(stream.utf8))
        #expect(try git() == 8)
        #expect(try length() == 8)
        try repo.git("config", "core.abbrev", "12")
        #expect(try length() == 12 && git() == 12)
    }
}
