import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `log --json`'s elements are `show --json`'s objects, the forge's commit check included, whether
/// the store is asked per commit (a short log) or read whole (a long one); and `log`'s lines,
/// built from less of each commit, say what the whole commit says.
@Suite(.serialized) struct LogJSONTests {
    @Test func elementsCarryTheForgesCommitCheckAsShowDoes() throws {
        let f = try ShowFixture()
        let initial = try f.repo.git("rev-parse", "HEAD~4")
        try check(f, [f.harden: "none", initial: "unknown", f.refactor: "found", f.fix: "none"])
        // Short: point reads
        let short = try logJSON(f, [])
        #expect(short.count == 7)
        try expectShowsObjects(f, short)
        let answers = short.compactMap { ($0["pullRequestCheck"] as? NSDictionary)?["answer"] as? String }
        #expect(answers.sorted() == ["none", "unknown"], "\(short)")

        // Long: past the threshold the tables are read whole. Commits with checks among many more,
        // the newest two not ingested yet.
        let extra = LogQuery.tableReadThreshold + 20
        try appendCommits(f.repo, count: extra)
        #expect(try f.repo.forge("ingest").status == 0)
        let quiet = try f.repo.git("rev-parse", "HEAD~7")
        let pulled = try f.repo.git("rev-parse", "HEAD~300")
        #expect(try f.repo.git("log", "-1", "--format=%s", quiet) == "Step \(extra - 7)")
        #expect(try f.repo.git("log", "-1", "--format=%s", pulled) == "Step \(extra - 300) (#12)")
        // A check on a commit with a pull request is not shown, by show or log
        try check(f, [quiet: "unknown", pulled: "none"])
        let uningested = try f.repo.commit("Tidy the cache\n\nFixes #7.\n")
        try check(f, [uningested: "none"])
        _ = try f.repo.commit("Note #12 in passing")
        let long = try logJSON(f, [])
        #expect(long.count == 7 + extra + 2)
        try expectShowsObjects(f, long)
        let checked = long.filter { $0["pullRequestCheck"] is NSDictionary }
            .compactMap { ($0["commit"] as? NSDictionary)?["sha"] as? String }
        #expect(Set(checked) == [f.harden, initial, quiet, uningested], "\(checked)")
        // A range and -n reach back to the same objects
        try expectShowsObjects(f, try logJSON(f, ["-n", "3", "\(f.harden)"]))
    }

    @Test func linesOfALongLogReadAnUningestedMessageWhole() throws {
        let f = try ShowFixture()
        try appendCommits(f.repo, count: LogQuery.tableReadThreshold + 5)
        // Not ingested: its links come from the body, which the line itself does not show.
        let sha = try f.repo.commit("Tidy the cache (#20)\n\nFixes #7.\n")
        for args in [["-n", "1"], []] {
            let out = try f.repo.run(GitForgeBinary.path, ["log", "--no-pager"] + args)
            #expect(out.status == 0, "\(out.stderr)")
            let line = out.stdout.split(separator: "\n").first.map(String.init)
            #expect(line == "\(sha.prefix(7)) Tidy the cache (#20)  #20 Add a cache  closes #7", "\(args)")
        }
    }

    /// `log`'s lines decode only a commit's subject; it must be the subject the whole message gives.
    @Test func theSubjectAloneIsTheSubjectOfTheWholeMessage() throws {
        let repo = try GitFixture()
        let odb = { try Repository.open(at: repo.path).objectDatabase() }
        var messages: [Data] = [
            "Plain", "Two\nlines of subject\n\nbody", "\n\n  Leading blank lines\t \n\nbody\n", "Trailing  \r\n\r\nbody",
            "", "   \n\n", "Subject only\n", "Tab\tinside and ünïcödé ✓", "One\n \nblank-ish line between",
        ].map { Data($0.utf8) }
        messages += [Data([0x42, 0x61, 0x64, 0xE2, 0x82, 0x0A, 0x6E, 0x65, 0x78, 0x74]),  // cut UTF-8 at a line end
                     Data([0xFF, 0xFE, 0x20, 0x0A, 0x0A, 0x62])]
        var stream = Data()
        for (i, message) in messages.enumerated() {
            stream += Data("commit refs/heads/c\(i)\ncommitter A <a@example.com> 1700000000 +0000\ndata \(message.count)\n".utf8)
            stream += message + Data("\n".utf8)
        }
        // And one in Latin-1, with git's encoding header
        let latin1 = Data("tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\nencoding ISO-8859-1\n\nCaf".utf8)
            + Data([0xE9, 0x0A, 0x0A, 0x62])
        try repo.git("fast-import", "--quiet", input: stream)
        let latin = try repo.git("hash-object", "-t", "commit", "-w", "--stdin", input: latin1)
        var shas = try (0..<messages.count).map { try repo.git("rev-parse", "c\($0)") }
        shas.append(latin)
        for sha in shas {
            let raw = try #require(try odb().commit(sha))
            let whole = ShownCommit(raw: raw), alone = ShownCommit(subjectOf: raw)
            #expect(alone.subject == whole.subject, "\(sha)")
            #expect(alone.sha == whole.sha)
        }
        #expect(ShownCommit(subjectOf: try #require(try odb().commit(latin))).subject == "Café")
    }

    // MARK: - Helpers

    /// Saved as the resolver saves the forge's answers (`found`: the commit's pull request #30).
    private func check(_ f: ShowFixture, _ answers: [String: String]) throws {
        let workspace = try Workspace(repository: Repository.open(at: f.repo.path))
        let saved = answers.mapValues { answer -> CommitAssociation in
            answer == "found" ? .pulls([30]) : answer == "none" ? .none : .unknownCommit
        }
        try workspace.openStore().saveAssociations(saved, repo: "o/r", pullKind: workspace.referenceContext.backlogPullKind,
                                                   run: 0, resolved: 0, requests: 0,
                                                   now: Date(timeIntervalSince1970: 1_700_000_000))
    }

    private func logJSON(_ f: ShowFixture, _ args: [String]) throws -> [NSDictionary] {
        let out = try f.repo.run(GitForgeBinary.path, ["log", "--json"] + args)
        #expect(out.status == 0, "\(out.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [NSDictionary])
    }

    private func expectShowsObjects(_ f: ShowFixture, _ elements: [NSDictionary]) throws {
        for element in elements {
            let sha = try #require((element["commit"] as? NSDictionary)?["sha"] as? String)
            let show = try f.show("--json", sha)
            let object = try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? NSDictionary
            #expect(element == object, "\(sha)")
        }
    }

    /// `count` empty commits on top of main, some naming a pull request or closing an issue.
    private func appendCommits(_ repo: GitFixture, count: Int) throws {
        let head = try repo.git("rev-parse", "HEAD")
        var stream = ""
        for i in 1...count {
            let message = i % 3 == 0 ? "Step \(i) (#12)" : i % 5 == 0 ? "Step \(i)\n\nFixes #7.\n" : "Step \(i)"
            stream += "commit refs/heads/main\ncommitter A <a@example.com> \(1_700_010_000 + i) +0000\n"
            stream += "data \(message.utf8.count)\n\(message)\n" + (i == 1 ? "from \(head)\n" : "") + "\n"
        }
        try repo.git("fast-import", "--quiet", "--force", input: Data(stream.utf8))
        try repo.git("reset", "-q", "--hard", "main")
    }
}
