import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `git forge blame`: `git blame --porcelain`'s line → commit mapping, joined with the store.
@Suite(.serialized) struct BlameTests {
    /// Each final line's commit, as `git blame --porcelain` says.
    static func gitBlame(_ f: HistoryFixture, _ args: [String]) throws -> [String] {
        let out = try f.repo.run("/usr/bin/git", ["blame", "--porcelain"] + args).stdout
        var shas: [String] = []
        var expectHeader = true
        for line in out.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\t") { expectHeader = true; continue }
            if expectHeader, line.count > 40 { shas.append(String(line.prefix(40))); expectHeader = false }
        }
        return shas
    }

    static func json(_ out: GitFixture.Output) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }

    /// The hunks expanded to one sha per line, checking they cover the lines once, in order.
    static func lines(_ object: [String: Any], from first: Int = 1) throws -> [String] {
        var shas: [String] = []
        for hunk in object["hunks"] as? [[String: Any]] ?? [] {
            #expect(hunk["start"] as? Int == first + shas.count)
            shas += Array(repeating: hunk["sha"] as? String ?? "", count: hunk["lines"] as? Int ?? 0)
        }
        return shas
    }

    @Test func jsonMapsLinesAsGitBlameDoesWithShowsPullRequest() throws {
        let f = try HistoryFixture()
        let store = try Workspace(repository: Repository.open(at: f.repo.path)).openStore()
        try store.writer.write { db in
            try db.execute(sql: """
                UPDATE forge_refs SET status = 'resolved' WHERE number IN (1, 5);
                INSERT INTO forge_items(host, repo, kind, number, title, state, draft, author, labels, url, merged_at, fetched_at)
                VALUES ('github.com', 'o/r', 'pull', 1, 'Count to four', 'merged', 0, 'alice', '["x"]',
                        'https://github.com/o/r/pull/1', '2023-11-14T22:15:00Z', 1700000000),
                       ('github.com', 'o/r', 'pull', 5, 'Prepend zero', 'merged', 0, 'bob', '[]',
                        'https://github.com/o/r/pull/5', '2023-11-14T22:20:00Z', 1700000000);
                """)
        }
        for rev in ["HEAD", f.shas["a2"]!, "topic"] {
            let file = rev == "HEAD" ? "moved.txt" : "a.txt"
            let out = try f.repo.forge("blame", file, rev, "--json")
            #expect(out.status == 0, "\(out.stderr)")
            let object = try Self.json(out)
            #expect(object["path"] as? String == file)
            #expect(object["rev"] as? String == (try f.repo.git("rev-parse", rev)))
            #expect(try Self.lines(object) == (try Self.gitBlame(f, [rev, "--", file])), "\(rev)")
        }
        // Each hunk's pull request is show --json's mergedIn object for its commit, or null
        let object = try Self.json(try f.repo.forge("blame", "moved.txt", "--json"))
        var sawPull = Set<Int>(), sawNull = false
        for hunk in object["hunks"] as? [[String: Any]] ?? [] {
            let sha = hunk["sha"] as! String
            let show = try Self.json(try f.repo.forge("show", "--json", sha))
            let merged = (show["pullRequests"] as? [NSDictionary] ?? []).first { $0["relation"] as? String == "mergedIn" }
            if let pull = hunk["pullRequest"] as? NSDictionary {
                #expect(pull == merged, "\(sha)")
                sawPull.insert(pull["number"] as? Int ?? 0)
            } else {
                #expect(hunk["pullRequest"] is NSNull && merged == nil, "\(sha)")
                sawNull = true
            }
        }
        #expect(sawPull == [1, 5, 6] && sawNull)
    }

    @Test func lineRangeAndTextView() throws {
        let f = try HistoryFixture()
        let out = try f.repo.forge("blame", "moved.txt", "-L", "2,4", "--json")
        #expect(try Self.lines(try Self.json(out), from: 2) == (try Self.gitBlame(f, ["-L", "2,4", "HEAD", "--", "moved.txt"])))
        let plus = try f.repo.forge("blame", "moved.txt", "-L", "5,+2", "--json")
        #expect(try Self.lines(try Self.json(plus), from: 5) == (try Self.gitBlame(f, ["-L", "5,6", "HEAD", "--", "moved.txt"])))
        // Text: git blame's shape, with the pull request where git puts the author
        let text = try f.repo.forge("blame", "moved.txt")
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0] == "\(f.shas["t1"]!.prefix(7)) (#5 (pending) 1) zero")
        #expect(lines[5] == "\(f.shas["after"]!.prefix(7)) (#6 (pending) 6) five")
        #expect(lines[1] == "\(f.shas["root"]!.prefix(7)) (             2) one")
    }

    @Test func badInputIsOneErrorLine() throws {
        let f = try HistoryFixture()
        try Data([0x50, 0x4B, 0x00, 0x01, 0x02]).write(to: f.repo.root.appendingPathComponent("bin.dat"))
        try f.repo.git("add", "bin.dat")
        try f.repo.commit("Add a binary file")
        for (args, message) in [
            (["moved.txt", "nope"], "error: unknown revision 'nope'\n"),
            (["a.txt"], "error: no such path 'a.txt' in HEAD\n"),
            (["dir"], "error: no such path 'dir' in HEAD\n"),
            (["bin.dat"], "error: cannot blame binary file 'bin.dat'\n"),
            (["moved.txt", "-L", "40,50"], "error: file moved.txt has only 6 lines\n"),
        ] {
            let out = try f.repo.run(GitForgeBinary.path, ["blame"] + args)
            #expect(out.status == 1, "\(args)")
            #expect(out.stderr == message, "\(args)")
            #expect(out.stdout.isEmpty)
        }
        for bad in ["x", "1", "0,2", "2,x", ",3"] {
            let out = try f.repo.run(GitForgeBinary.path, ["blame", "moved.txt", "-L", bad])
            #expect(out.status != 0 && out.status != 1, "-L \(bad)")
            #expect(out.stdout.isEmpty)
        }
    }
}
