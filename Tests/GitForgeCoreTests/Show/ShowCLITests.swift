import Foundation
import Testing
import GitForgeTestSupport

/// `git forge show` through the real binary: errors and exit statuses, `--color` parsing, the pager.
struct ShowCLITests {
    @Test func revisionErrorsAreOneLineAndExitOne() throws {
        let repo = try GitFixture()
        let first = try repo.commit("one")
        try repo.commit("two", file: "a.txt")
        let cases = [
            ("no-such-branch", "error: unknown revision 'no-such-branch'\n"),
            ("HEAD~5", "error: unknown revision 'HEAD~5'\n"),
            ("HEAD^{tree}", "error: 'HEAD^{tree}' names a tree, not a commit\n"),
            ("HEAD:a.txt", "error: 'HEAD:a.txt' names a blob, not a commit\n"),
        ]
        for (rev, message) in cases {
            let out = try repo.forge("show", rev)
            #expect(out.status == 1, "\(rev)")
            #expect(out.stderr == message)
            #expect(out.stdout.isEmpty)
        }
        // Every spelling of a commit git accepts
        try repo.git("tag", "-a", "-m", "release", "v1", first)
        try repo.git("tag", "light", first)
        for rev in ["v1", "light", "HEAD~1", String(first.prefix(7)), "main@{1}", "main~"] {
            let out = try repo.forge("show", "--json", rev)
            #expect(out.status == 0, "\(rev): \(out.stderr)")
            #expect(out.stdout.contains("\"sha\" : \"\(first)\""), "\(rev)")
        }
    }

    @Test func ambiguousAbbreviationIsRefused() throws {
        // Given two commits whose ids share a 4-digit prefix (found by making commits until they do)
        let repo = try GitFixture()
        var seen: [String: String] = [:]
        var prefix: String?
        for i in 0..<400 where prefix == nil {
            let sha = try repo.commit("c\(i)")
            let p = String(sha.prefix(4))
            if seen[p] != nil { prefix = p } else { seen[p] = sha }
        }
        let ambiguous = try #require(prefix)
        let out = try repo.forge("show", ambiguous)
        #expect(out.status == 1)
        #expect(out.stderr == "error: short object ID '\(ambiguous)' is ambiguous\n")
    }

    @Test func emptyRepositoryIsAClearError() throws {
        let repo = try GitFixture()
        let out = try repo.forge("show")
        #expect(out.status == 1)
        #expect(out.stderr == "error: your current branch 'main' does not have any commits yet\n")
    }

    @Test func errorsUnderJSONAreOneLine() throws {
        let repo = try GitFixture()
        try repo.commit("one")
        let out = try repo.forge("show", "--json", "no\nsuch")
        #expect(out.status == 1)
        #expect(out.stdout.isEmpty)
        #expect(out.stderr == "error: unknown revision 'no\\nsuch'\n")
        // A bad command line too (the usage is for a person; the exit status is the parser's).
        for args in [["show", "--json", "--bogus"], ["status", "--json", "--bogus"], ["show", "--json", "HEAD", "extra"]] {
            let bad = try repo.run(GitForgeBinary.path, args)
            #expect(bad.status != 0 && bad.stdout.isEmpty, "\(args)")
            #expect(bad.stderr.hasPrefix("error: ") && bad.stderr.filter { $0 == "\n" }.count == 1, "\(args): \(bad.stderr)")
        }
    }

    /// How `--color` is read from the command line; what it and the configuration decide is in
    /// `ShowTests`.
    @Test func colourFlagIsParsedAsGitParsesIt() throws {
        let repo = try GitFixture()
        try repo.commit("one")
        let esc = "\u{1B}["
        #expect(!(try repo.forge("show")).stdout.contains(esc))
        #expect((try repo.forge("show", "--color=always")).stdout.hasPrefix("\(esc)33mcommit "))
        #expect(!(try repo.forge("show", "--color=never")).stdout.contains(esc))
        // --color alone means always, as in git; a value then needs '=': the next word is the revision
        #expect((try repo.forge("show", "--color")).stdout.hasPrefix("\(esc)33mcommit "))
        #expect((try repo.forge("show", "--color", "HEAD", "--no-pager")).stdout.hasPrefix("\(esc)33mcommit "))
        #expect(try repo.forge("show", "--color", "never").stderr == "error: unknown revision 'never'\n")
        // NO_COLOR reaches the real process (swift test may export NO_COLOR itself: empty means unset)
        try repo.git("config", "color.ui", "always")
        #expect((try repo.forge("show", env: ["NO_COLOR": ""])).stdout.contains(esc))
        #expect(!(try repo.forge("show", env: ["NO_COLOR": "1"])).stdout.contains(esc))
    }

    @Test func pagerOnlyForATerminal() throws {
        let repo = try GitFixture()
        try repo.commit("one")
        let marker = repo.root.deletingLastPathComponent().appendingPathComponent("pager-ran")
        let pager = "touch '\(marker.path)'; cat"
        // Not a terminal: the pager is never started, whatever names it
        for env in [["PAGER": pager], ["GIT_PAGER": pager]] {
            let out = try repo.forge("show", env: env)
            #expect(out.status == 0 && out.stdout.hasPrefix("commit "))
            #expect(!FileManager.default.fileExists(atPath: marker.path))
        }
        // A terminal (script(1) gives one): the pager runs, with git's LESS default; --no-pager skips it
        let script = "/usr/bin/script"
        guard FileManager.default.isExecutableFile(atPath: script) else { return }
        let lessFile = marker.path + ".less"
        let envPager = "echo \"$LESS\" > '\(lessFile)'; touch '\(marker.path)'; cat"
        let command = "'\(GitForgeBinary.path)' show"
        _ = try repo.run(script, ["-qec", command + " --no-pager", "/dev/null"], env: ["GIT_PAGER": envPager])
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        let paged = try repo.run("/usr/bin/env", ["-u", "LESS", script, "-qec", command, "/dev/null"],
                                 env: ["GIT_PAGER": envPager, "NO_COLOR": "", "TERM": "xterm"])
        #expect(paged.status == 0)
        #expect(FileManager.default.fileExists(atPath: marker.path))
        #expect((try? String(contentsOfFile: lessFile, encoding: .utf8)) == "FRX\n")
        // On a terminal colour is on by default (git's auto; TERM is set above, as CI may have none)
        #expect(paged.stdout.contains("\u{1B}[33mcommit"))
    }
}
