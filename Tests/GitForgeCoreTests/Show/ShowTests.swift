import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `git forge show` run in this process with an injected `CommandContext`: the environment,
/// terminal and output are the test's. `ShowCLITests` keeps what needs the real process (exit
/// statuses of bad revisions, `--color` parsing, a pager on a real terminal).
struct ShowTests {
    private func show(_ repo: GitFixture, _ rev: String = "HEAD", json: Bool = false, color: ColorWhen? = nil,
                      env: [String: String] = [:], terminal: TerminalFacts = .none) throws -> GitFixture.Output {
        try TestContext(repo, environment: env, terminal: terminal).run {
            try ShowCommand.run($0, rev: rev, json: json, color: color, noPager: true)
        }
    }

    private func ingest(_ repo: GitFixture) throws {
        let workspace = try Workspace(repository: Repository.open(at: repo.path))
        _ = try workspace.ingest(into: workspace.openStore())
    }

    @Test func aCommitNotIngestedYetIsReadFromGit() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("Old (#1)")
        try ingest(repo)
        let fresh = try repo.commit("Fresh, see #1 and #2")
        let out = try show(repo)
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("commit \(fresh)\n"))
        #expect(out.stdout.contains("not ingested yet"))
        #expect(out.stdout.contains("#1 mentions · pending — run git forge sync"))
        #expect(out.stdout.contains("#2 mentions · pending — run git forge sync"))
        // And show wrote nothing: the commit is still not in the store.
        let status = try TestContext(repo).run { try StatusCommand.run($0, json: true) }
        #expect(status.stdout.contains("\"commits\" : 1"))
    }

    @Test func jsonSaysWhetherTheCommitIsIngested() throws {
        let repo = try GitFixture()
        try repo.commit("Old (#1)")
        try ingest(repo)
        try repo.commit("Fresh")
        for (rev, ingested) in [("HEAD~", true), ("HEAD", false)] {
            let json = try JSONSerialization.jsonObject(with: Data(try show(repo, rev, json: true).stdout.utf8))
            #expect(((json as? [String: Any])?["commit"] as? [String: Any])?["ingested"] as? Bool == ingested, "\(rev)")
        }
    }

    @Test func withHooksPausedShowDoesNotAdviseASync() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("Old (#1)")
        try ingest(repo)
        try repo.commit("Fresh, see #2")
        try repo.git("config", "forge.enabled", "false")
        for rev in ["HEAD", "HEAD~"] {
            let out = try show(repo, rev)
            #expect(!out.stdout.contains("sync"), "\(out.stdout)")
            #expect(out.stdout.contains("pending (forge.enabled is false)"), "\(out.stdout)")
        }
    }

    @Test func gitLabMergeRequestsAreBangedAndTheirSquashSubjectIsNoIssue() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://gitlab.com/g/p.git")
        try repo.commit("Add the thing (#3652)\n\nSee merge request g/p!3652\n")
        try ingest(repo)
        let out = try show(repo)
        #expect(out.stdout.contains("    !3652 merged in (via message) · pending"), "\(out.stdout)")
        #expect(!out.stdout.contains("\n    #3652"), "\(out.stdout)")
        #expect(!out.stdout.contains("Issues"), "\(out.stdout)")
    }

    @Test func colourFollowsFlagNoColorConfigAndTheTerminal() throws {
        let repo = try GitFixture()
        try repo.commit("one")
        let esc = "\u{1B}["
        let tty = TerminalFacts(stdoutIsTTY: true, stderrIsTTY: true, width: 80)
        // Not a terminal: no colour unless asked for
        #expect(!(try show(repo)).stdout.contains(esc))
        #expect((try show(repo, color: .always)).stdout.hasPrefix("\(esc)33mcommit "))
        // A terminal: colour by default, not for TERM=dumb or --color=never; a pager git started counts
        #expect((try show(repo, env: ["TERM": "xterm"], terminal: tty)).stdout.hasPrefix("\(esc)33mcommit "))
        #expect(!(try show(repo, env: ["TERM": "dumb"], terminal: tty)).stdout.contains(esc))
        #expect(!(try show(repo, color: .never, terminal: tty)).stdout.contains(esc))
        #expect((try show(repo, env: ["GIT_PAGER_IN_USE": "true"])).stdout.contains(esc))
        // Configuration: color.forge beats color.ui; NO_COLOR beats both; --color beats NO_COLOR
        try repo.git("config", "color.ui", "always")
        #expect((try show(repo)).stdout.contains(esc))
        try repo.git("config", "color.forge", "never")
        #expect(!(try show(repo)).stdout.contains(esc))
        try repo.git("config", "color.forge", "always")
        #expect((try show(repo, env: ["NO_COLOR": ""])).stdout.contains(esc), "an empty NO_COLOR is unset")
        #expect(!(try show(repo, env: ["NO_COLOR": "1"])).stdout.contains(esc))
        #expect((try show(repo, color: .always, env: ["NO_COLOR": "1"])).stdout.contains(esc))
    }

    @Test func onlyAFetchOpensTheStoreAndItRunsBeforeTheQuery() throws {
        // Given a repository never ingested
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("Fix the parser (#12)")
        let forge = repo.path + "/.git/forge"

        // When show runs without a fetch, then with one that ingests as a stand-in
        let plain = try show(repo)
        #expect(!FileManager.default.fileExists(atPath: forge), "looking created the store")
        nonisolated(unsafe) var fetched = 0
        let out = try TestContext(repo).run {
            try ShowCommand.run($0, rev: "HEAD", json: false, color: nil, noPager: true) { workspace, store in
                fetched += 1
                _ = try workspace.ingest(into: store)
            }
        }

        // Then only the fetch created the store, and the view shows what it wrote
        #expect(plain.stdout.contains("(nothing is ingested yet"))
        #expect(fetched == 1)
        #expect(FileManager.default.fileExists(atPath: forge + "/forge.db"))
        #expect(!out.stdout.contains("ingested yet"), "\(out.stdout)")
    }

    @Test func thePagerIsGitsChoiceAndOnlyForATerminal() throws {
        let repo = try GitFixture()
        let config = try Workspace(repository: Repository.open(at: repo.path)).config
        func pager(_ env: [String: String], tty: Bool = true) -> String? {
            let facts = TerminalFacts(stdoutIsTTY: tty, stderrIsTTY: tty)
            return Terminal(config: config, context: TestContext(repository: nil, environment: env, terminal: facts).context)
                .pagerCommand
        }
        #expect(pager([:]) == "less")
        #expect(pager(["PAGER": "more"]) == "more")
        #expect(pager(["PAGER": "more", "GIT_PAGER": "most"]) == "most")
        #expect(pager(["GIT_PAGER": "cat"]) == nil)
        #expect(pager(["GIT_PAGER": ""]) == nil)
        #expect(pager(["GIT_PAGER": "most"], tty: false) == nil)
        try repo.git("config", "core.pager", "lv")
        let configured = try Workspace(repository: Repository.open(at: repo.path)).config
        let facts = TerminalFacts(stdoutIsTTY: true, stderrIsTTY: true)
        let context = TestContext(repository: nil, environment: ["PAGER": "more"], terminal: facts).context
        #expect(Terminal(config: configured, context: context).pagerCommand == "lv", "core.pager beats PAGER")
    }
}
