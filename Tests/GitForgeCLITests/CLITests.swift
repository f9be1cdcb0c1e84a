import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// The real `git-forge` binary, run as a user runs it.
struct CLITests {
    @Test func outsideARepositoryIsOneLineAndExitOne() throws {
        let repo = try GitFixture()
        let outside = repo.root.deletingLastPathComponent().appendingPathComponent("home")
        for command in ["ingest", "status"] {
            let out = try repo.forge(command, env: ["GIT_CEILING_DIRECTORIES": outside.deletingLastPathComponent().path],
                                     directory: outside)
            #expect(out.status == 1)
            #expect(out.stderr == "error: not a git repository (or any of the parent directories)\n")
            #expect(out.stdout.isEmpty)
        }
    }

    @Test func ingestJSONReportsTotalsAndNewWork() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("one (#1)")
        try repo.commit("two fixes #2")
        let first = try repo.forge("ingest", "--json")
        #expect(first.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Int]
        #expect(json == ["commits": 2, "newCommits": 2, "newRefs": 2])
        let again = try repo.forge("ingest", "--json")
        let json2 = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Int]
        #expect(json2 == ["commits": 2, "newCommits": 0, "newRefs": 0])
    }

    @Test func statusJSONIsNestedWithNulls() throws {
        let repo = try GitFixture()
        try repo.commit("one #1")
        _ = try repo.forge("ingest")
        let out = try repo.forge("status", "--json")
        #expect(out.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(json["commits"] as? Int == 1)
        #expect((json["refs"] as? [String: Int]) == ["pending": 1, "resolved": 0, "failed": 0, "notFound": 0, "unreadable": 0, "deferred": 0])
        #expect(json["store"] as? String == repo.path + "/.git/forge")
        let forge = try #require(json["forge"] as? [String: Any])
        #expect(forge["type"] is NSNull)
        #expect(forge["repo"] is NSNull)

        try repo.git("remote", "add", "origin", "git@github.com:octo/widgets.git")
        let detected = try repo.forge("status", "--json")
        let forge2 = try #require((try JSONSerialization.jsonObject(with: Data(detected.stdout.utf8)) as? [String: Any])?["forge"] as? [String: Any])
        #expect(forge2["type"] as? String == "github")
        #expect(forge2["repo"] as? String == "octo/widgets")
    }

    @Test func gitDashCReachesTheConfiguration() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://git.corp.example/team/tool")
        // git runs `git forge` as git-forge from PATH and hands -c values down in the environment.
        let bin = URL(fileURLWithPath: GitForgeBinary.path).deletingLastPathComponent().path
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let out = try repo.run("/usr/bin/git", ["-c", "forge.type=gitlab", "forge", "status", "--json"],
                               env: ["PATH": path])
        #expect(out.status == 0)
        #expect(out.stdout.contains("\"type\" : \"gitlab\""))
    }

    @Test func printsItsVersionAsGitDoes() throws {
        let repo = try GitFixture()
        let out = try repo.forge("--version")
        #expect(out.status == 0)
        #expect(out.stdout == "git forge version \(GitForgeVersion.current)\n")
    }

    @Test func noArgumentsSaysWhatToDoFirstAndWhereToRead() throws {
        let repo = try GitFixture()
        let out = try repo.forge()
        #expect(out.status == 0)
        #expect(out.stderr.isEmpty)
        #expect(out.stdout.hasPrefix("usage: git forge "))
        #expect(out.stdout.contains("'git forge install'"))
        #expect(out.stdout.contains("'git forge help <command>'") && out.stdout.contains("'git help forge-<command>'"))
        // The commands a newcomer meets, in that order, each with its one-line summary
        let rows = out.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("   ") }
            .map { String($0.split(separator: " ")[0]) }
        let firstMet = ["install", "show", "status", "sync", "ingest", "uninstall"]
        #expect(rows.filter(firstMet.contains) == firstMet)
        #expect(rows.first == "install")
        let visible = try ManPageTests.acceptedOptions().keys.filter { $0 != "git-forge" }.map { String($0.dropFirst(10)) }
        #expect(Set(rows) == Set(visible), "every command is listed, and only those")
        #expect(out.stdout.contains("   show        Show a commit with the pull requests and issues"))
    }

    @Test func plainIngestSkipsTheParserButNotItsChecks() throws {
        // `ingest` alone takes a fast path past argument parsing; anything else is parsed.
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        let plain = try repo.forge("ingest")
        #expect(plain.status == 0)
        #expect(plain.stdout == "Ingested 1 new commit (1 in store); 1 new reference queued.\n")
        let bogus = try repo.forge("ingest", "--bogus")
        #expect(bogus.status == 129)
        #expect(bogus.stderr.hasPrefix("error: unknown option '--bogus'\nusage: git-forge ingest"))
        #expect(try repo.forge("ingest", "--help").stdout.contains("--json"))
    }
}
