import Foundation
import Testing
import GitForgeTestSupport

/// Unusual but valid repositories and messages must simply work end to end: `ingest`, `status`
/// and `show` through the real binary (the ingest internals are covered in GitForgeCoreTests).
@Suite struct OddInputTests {
    private func json(_ out: GitFixture.Output) throws -> [String: Any] {
        #expect(out.status == 0, "\(out.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }

    private func numbers(_ show: [String: Any], _ key: String) -> [Int] {
        ((show[key] as? [[String: Any]]) ?? []).compactMap { $0["number"] as? Int }
    }

    private func source() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/octo/widgets.git")
        try repo.commit("first (#1)")
        try repo.commit("second fixes #2", file: "a.txt")
        return repo
    }

    @Test func bareRepository() throws {
        let src = try source()
        let bare = src.scratch.appendingPathComponent("bare.git")
        try src.git("clone", "-q", "--bare", src.path, bare.path)
        try src.git("-C", bare.path, "remote", "set-url", "origin", "https://github.com/octo/widgets.git")
        let ingest = try src.forge("ingest", "--json", directory: bare)
        #expect(ingest.stdout.contains("\"commits\" : 2"), "\(ingest.stderr)")
        let status = try json(try src.forge("status", "--json", directory: bare))
        #expect(status["store"] as? String == bare.path + "/forge")
        let show = try json(try src.forge("show", "--json", directory: bare))
        #expect(numbers(show, "issues") == [2])
    }

    @Test func shallowClone() throws {
        let src = try source()
        let shallow = src.scratch.appendingPathComponent("shallow")
        try src.git("clone", "-q", "--depth", "1", "file://" + src.path, shallow.path)
        #expect(try src.forge("ingest", directory: shallow).status == 0)
        #expect(try json(try src.forge("status", "--json", directory: shallow))["commits"] as? Int == 1)
        let show = try json(try src.forge("show", "--json", "HEAD", directory: shallow))
        #expect((show["commit"] as? [String: Any])?["subject"] as? String == "second fixes #2")
        // The grafted parent is simply not there: an ordinary unknown revision, not a crash.
        let parent = try src.forge("show", "HEAD~1", directory: shallow)
        #expect(parent.status == 1 && parent.stderr == "error: unknown revision 'HEAD~1'\n")
    }

    @Test func detachedHeadAndLinkedWorktree() throws {
        let repo = try source()
        try repo.git("checkout", "-q", "--detach", "HEAD~1")
        let detached = try repo.commit("on a detached head (#5)")
        // (Ingest from a linked worktree walks that worktree's HEAD, not the main one's; the
        // post-commit hook of the detached commit ingests it where it was made.)
        #expect(try repo.forge("ingest").status == 0)
        let worktree = repo.scratch.appendingPathComponent("wt")
        try repo.git("worktree", "add", "-q", "-b", "side", worktree.path, "main")
        let linked = GitFixture(existing: worktree, home: repo.home)
        let side = try linked.commit("in the worktree, see #6")
        #expect(try repo.forge("ingest", directory: worktree).status == 0)
        // One store under the common directory, whichever checkout asks.
        let fromWorktree = try json(try repo.forge("status", "--json", directory: worktree))
        #expect(fromWorktree["store"] as? String == repo.path + "/.git/forge")
        #expect(fromWorktree["commits"] as? Int == 4)
        #expect(numbers(try json(try repo.forge("show", "--json", detached)), "pullRequests") == [5])
        let sideShow = try repo.forge("show", "--no-pager", side)
        #expect(sideShow.status == 0 && !sideShow.stdout.contains("not ingested yet"))
        #expect(sideShow.stdout.contains("#6 mentions"))
    }

    @Test func gitDirAndWorkTreeFromTheEnvironment() throws {
        // As `git --git-dir=… --work-tree=…` runs commands and hooks (a bare "dotfiles" repository)
        let repo = try source()
        let forge = try repo.useFakeForge()
        defer { withExtendedLifetime(forge) {} }
        let env = ["GIT_DIR": repo.path + "/.git", "GIT_WORK_TREE": repo.path]
        let ingest = try repo.forge("ingest", env: env, directory: repo.home)
        #expect(ingest.status == 0 && ingest.stderr.isEmpty, "\(ingest.stderr)")
        #expect(try json(try repo.forge("status", "--json", env: env, directory: repo.home))["commits"] as? Int == 2)
        #expect(numbers(try json(try repo.forge("show", "--json", env: env, directory: repo.home)), "issues") == [2])
        // The hooks see both variables too.
        #expect(try repo.install().status == 0)
        try repo.settle()
        try repo.git(["--git-dir=" + repo.path + "/.git", "--work-tree=" + repo.path,
                      "commit", "-q", "--allow-empty", "-m", "third fixes #3"], env: ["PATH": forgePATH])
        try repo.settle()
        #expect(try json(try repo.forge("status", "--json"))["commits"] as? Int == 3, "\(repo.log)")
    }

    @Test func commitsWithAMalformedDateOrEmailAreShown() throws {
        // As old histories have them (`git fsck`: badDate, badEmail); git shows them, libgit2
        // refuses to parse them.
        let repo = try source()
        let tree = try repo.git("rev-parse", "HEAD^{tree}"), parent = try repo.git("rev-parse", "HEAD")
        let object = "tree \(tree)\nparent \(parent)\nauthor A a@x 1700000000 +0000\n"
            + "committer C <c@x> abc +0000\n\nbad date, fixes #9\n"
        let bad = try repo.git("hash-object", "-t", "commit", "-w", "--literally", "--stdin", input: Data(object.utf8))
        try repo.git("update-ref", "refs/heads/main", bad)
        #expect(try repo.forge("ingest").status == 0)
        for rev in ["HEAD", "main", bad] {
            let show = try json(try repo.forge("show", "--json", rev))
            #expect((show["commit"] as? [String: Any])?["subject"] as? String == "bad date, fixes #9", "\(rev)")
            #expect(numbers(show, "issues") == [9], "\(rev)")
        }
    }

    @Test func latin1AndInvalidUTF8Messages() throws {
        let repo = try source()
        let file = repo.scratch.appendingPathComponent("msg").path
        try Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x23, 0x37]).write(to: URL(fileURLWithPath: file)) // "Café #7"
        try repo.git("-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "--allow-empty", "-F", file)
        let latin = try repo.git("rev-parse", "HEAD")
        try Data([0x62, 0x61, 0x64, 0x20, 0xFF, 0xFE, 0x20, 0x23, 0x38]).write(to: URL(fileURLWithPath: file))
        try repo.git("-c", "i18n.commitEncoding=UTF-8", "commit", "-q", "--allow-empty", "-F", file)
        let broken = try repo.git("rev-parse", "HEAD")
        #expect(try repo.forge("ingest").status == 0)
        let café = try json(try repo.forge("show", "--json", latin))
        #expect((café["commit"] as? [String: Any])?["subject"] as? String == "Café #7")
        #expect(numbers(café, "issues") == [7])
        let bad = try json(try repo.forge("show", "--json", broken))
        let subject = try #require((bad["commit"] as? [String: Any])?["subject"] as? String)
        #expect(subject == "bad \u{FFFD}\u{FFFD} #8" || subject == "bad ÿþ #8", "\(subject)")
        #expect(numbers(bad, "issues") == [8])
    }

    @Test func tenMegabyteMessageWithTenThousandReferences() throws {
        let repo = try source()
        var body = "Huge (#3)\n\n"
        body += (1...10_000).map { "#\($0 + 10)" }.joined(separator: " ") + "\n"
        body += String(repeating: "filler line without references\n", count: 10 * 1024 * 1024 / 31)
        try repo.commit(body)
        let ingest = try json(try repo.forge("ingest", "--json"))
        #expect(ingest["newRefs"] as? Int == 2 + 10_001)
        let show = try json(try repo.forge("show", "--json"))
        #expect(numbers(show, "pullRequests") == [3])
        #expect(Set(numbers(show, "issues")) == Set((1...10_000).map { $0 + 10 }))
    }

    @Test func numbersBeyondInt32AreIgnoredNotFatal() throws {
        let repo = try source()
        try repo.commit("See #2147483647, #2147483648 and #99999999999999999999 (#4294967296)")
        #expect(try repo.forge("ingest").status == 0)
        let show = try json(try repo.forge("show", "--json"))
        #expect(numbers(show, "issues") == [2_147_483_647])
        #expect(numbers(show, "pullRequests").isEmpty)
        #expect(try json(try repo.forge("status", "--json"))["commits"] as? Int == 3)
    }
}
