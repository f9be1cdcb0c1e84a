import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// Issue 15's acceptance: one resolve per team, shared through git.
struct ShareTests {
    static let history = [
        "Fix crash (#1)", "Merge pull request #2 from o/topic", "Add docs, see #10 and #13",
        "Refactor parser, closes #17", "Tidy up", "Port o/lib#4 to here", "Mention #20 and #30",
    ]

    @Test(arguments: FakeForge.Flavor.allCases)
    func aFreshCloneShowsWhatTheFirstResolvedWithoutAskingTheForge(flavor: FakeForge.Flavor) throws {
        // Given clone A that resolved everything and published
        let team = try ShareTeam(flavor: flavor)
        let a = try team.founder(messages: Self.history + (flavor == .gitlab ? ["Merge branch 'x'\n\nSee merge request o/r!8"] : []))
        let tidy = try a.git("rev-parse", "HEAD~2")
        try team.knowCommits(of: a, pulls: [tidy: [5]])
        #expect(try a.forge("sync", "--foreground", env: a.env).status == 0)
        let published = try a.forge("publish", env: a.env)
        #expect(published.status == 0, "\(published.stderr)")
        #expect(published.stdout.contains("Wrote refs/notes/forge-cache: "))
        #expect(published.stdout.contains("Pushed both to origin."))
        #expect(try team.remote.git("for-each-ref", "--format=%(refname)", "refs/notes/").split(separator: "\n")
                == ["refs/notes/forge", "refs/notes/forge-cache"])
        let askedByA = team.forge.requests.count

        // When clone B is a fresh clone and installs
        let b = try team.newClone()
        let install = try b.forge("install", env: b.env)
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stdout.contains("Added +refs/notes/forge*:refs/notes/remotes/origin/forge* to remote.origin.fetch"))
        #expect(install.stdout.contains("Imported "))
        try b.waitForIdleResolver()

        // Then B shows every commit as A does, and the forge heard nothing from B
        for sha in try a.git("rev-list", "--all").split(separator: "\n").map(String.init) {
            #expect(try b.showJSON(sha) == a.showJSON(sha), "\(sha)")
        }
        #expect(team.forge.requests.count == askedByA, "\(team.forge.requests.dropFirst(askedByA).map(\.path))")
        // Plain git shows the context too, from the notes ref
        if flavor == .gitlab {
            let log = try b.git("log", "--notes=forge", "-1", "--format=%N", "HEAD")
            #expect(log.hasPrefix("!8 Item 8 · merged 2024-01-03 · "), "\(log)")
        } else {
            let log = try b.git("log", "--notes=forge", "-1", "--format=%N", "HEAD~6")
            #expect(log.hasPrefix("#1 Item 1 · merged 2024-01-03 · "), "\(log)")
        }
        let status = try JSONSerialization.jsonObject(with: Data(try b.forge("status", "--json").stdout.utf8)) as? [String: Any]
        let shared = try #require(status?["sharedCache"] as? [String: Any])
        #expect(shared["ref"] as? String == "refs/notes/remotes/origin/forge-cache")
        #expect((shared["records"] as? Int ?? 0) > 10 && shared["skipped"] as? Int == 0)
        #expect(shared["importedAt"] is String)
    }

    @Test func anOpenItemOlderThanTheRefreshAgeIsAskedAgainAndNothingElse() throws {
        // Given a published cache with a merged #1 and an open #17
        let team = try ShareTeam()
        let a = try team.founder(messages: ["Fix crash (#1)", "Refactor parser, closes #17"])
        try team.knowCommits(of: a)
        #expect(try a.forge("sync", "--foreground", env: a.env).status == 0)
        #expect(try a.forge("publish", env: a.env).status == 0)
        let askedByA = team.forge.requests.count
        sleep(2)

        // When a clone whose refresh age has passed installs
        let b = try team.newClone()
        try b.git("config", "forge.refreshAge", "1")
        #expect(try b.forge("install", env: b.env).status == 0)
        try b.waitForIdleResolver()

        // Then it asked the forge about #17 only
        let asked = team.forge.requests.dropFirst(askedByA).map { String(decoding: $0.body, as: UTF8.self) }
        #expect(!asked.isEmpty)
        #expect(asked.allSatisfy { $0.contains("number: 17)") && !$0.contains("number: 1)") }, "\(asked)")
    }

    @Test func twoClonesPublishingAtOnceLeaveTheUnionOnTheRemote() throws {
        // Given two clones that resolved different references
        let team = try ShareTeam()
        _ = try team.founder(messages: ["Initial"])
        let first = try team.newClone(), second = try team.newClone()
        for n in [1, 2, 3, 4, 5] { try first.commit("Work on #\(n)") }
        for n in [11, 12, 14, 15, 16] { try second.commit("Work on #\(n)") }
        for clone in [first, second] {
            #expect(try clone.forge("sync", "--foreground", env: clone.env).status == 0)
        }

        // When both publish at the same moment
        nonisolated(unsafe) var results: [GitFixture.Output?] = [nil, nil]
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            let clone = i == 0 ? first : second
            results[i] = try? clone.forge("publish", env: clone.env)
        }

        // Then both succeed and the remote holds what each learned
        for result in results {
            #expect(result?.status == 0, "\(result?.stderr ?? "did not run")")
        }
        let items = try team.remote.sharedNumbers("refs/notes/forge-cache", type: "item")
        #expect(items.isSuperset(of: [1, 2, 3, 4, 5, 11, 12, 14, 15, 16]))
        #expect(try team.remote.git("rev-list", "--count", "refs/notes/forge-cache") != "1")
    }

    @Test func importSkipsABadRecordAnOversizedOneAndAnotherRepositorysAndKeepsTheRest() throws {
        // Given a published cache with three bad records added to it
        let team = try ShareTeam()
        let a = try team.founder(messages: Self.history)
        try team.knowCommits(of: a)
        #expect(try a.forge("sync", "--foreground", env: a.env).status == 0)
        #expect(try a.forge("publish", "--no-push", env: a.env).status == 0)
        let repo = try Repository.open(at: a.path)
        let tip = try #require(repo.referenceTarget("refs/notes/forge-cache"))
        var entries = try repo.readNotes(commit: tip).tree.entries
        let good = entries.count
        let foreign = SharedRecord.missing(host: "127.0.0.1", repo: "evil/other", kind: .any, number: 3, fetchedAt: 1)
        entries.append((SharedRecord.key(identity: "junk"), try repo.writeBlob(Array("{not json\n".utf8))))
        entries.append((SharedRecord.key(identity: "big"), try repo.writeBlob(Array(repeating: 0x20, count: 300_000))))
        entries.append((foreign.key, try repo.writeBlob(foreign.encoded())))
        entries.sort { $0.key < $1.key }
        let tree = try repo.writeNotesTree(entries, previous: nil)
        let commit = try repo.commitNotes(tree: tree, parents: [tip], message: "tampered")
        try repo.updateReference("refs/notes/forge-cache", to: commit, expected: tip, message: "tampered")
        try a.git("push", "-q", "origin", "refs/notes/forge-cache", "refs/notes/forge")
        let askedByA = team.forge.requests.count

        // When a fresh clone installs
        let b = try team.newClone()
        let install = try b.forge("install", env: b.env)
        try b.waitForIdleResolver()

        // Then it says what it skipped and kept everything else
        #expect(install.status == 0)
        #expect(install.stdout.contains("Imported \(good) records from refs/notes/remotes/origin/forge-cache (3 skipped"))
        let status = try JSONSerialization.jsonObject(with: Data(try b.forge("status", "--json").stdout.utf8)) as? [String: Any]
        let shared = try #require(status?["sharedCache"] as? [String: Any])
        #expect(shared["records"] as? Int == good && shared["skipped"] as? Int == 3)
        #expect(team.forge.requests.count == askedByA)
        #expect(try b.showJSON("HEAD~6") == a.showJSON("HEAD~6"))
        // `show` says when the shared ref moved and is not imported yet, and imports nothing
        try b.git("update-ref", "refs/notes/remotes/origin/forge-cache", "refs/notes/remotes/origin/forge-cache~1")
        let show = try b.forge("show", "--json", "HEAD")
        #expect(show.status == 0)
        #expect(show.stderr == "note: refs/notes/remotes/origin/forge-cache moved since it was imported; "
                + "'git forge fetch' (or the next commit) imports it\n")
        #expect(try b.forge("show", "HEAD").stderr == show.stderr)
        // `fetch` names each reason
        let fetch = try b.forge("fetch", env: b.env)
        #expect(fetch.status == 0)
        #expect(fetch.stderr.contains("malformed (not JSON)"))
        #expect(fetch.stderr.contains("larger than 262144 bytes"))
        #expect(fetch.stderr.contains("for another repository (evil/other)"))
    }

    @Test func aLaterPublishAddsWhatWasResolvedSinceAndKeepsTheRest() throws {
        // Given a clone that published once
        let team = try ShareTeam()
        let a = try team.founder(messages: ["Fix crash (#1)", "Merge pull request #2 from o/topic"])
        #expect(try a.forge("sync", "--foreground", env: a.env).status == 0)
        #expect(try a.forge("publish", env: a.env).status == 0)
        let first = try team.remote.git("rev-parse", "refs/notes/forge-cache")

        // When it resolves one more reference and publishes again
        try a.commit("Fix the other crash (#4)")
        #expect(try a.forge("sync", "--foreground", env: a.env).status == 0)
        let again = try a.forge("publish", env: a.env)

        // Then the remote has the new record on top of the old ones, in one new commit
        #expect(again.status == 0)
        #expect(again.stdout.contains("(1 new or changed)"))
        #expect(try team.remote.sharedNumbers("refs/notes/forge-cache", type: "item") == [1, 2, 4])
        #expect(try team.remote.git("rev-parse", "refs/notes/forge-cache~1") == first)
        let log = try a.git("log", "--notes=forge", "-1", "--format=%N", "HEAD")
        #expect(log == "#4 Item 4 · merged 2024-01-03 · https://github.com/o/r/pull/4")
        // And a publish with nothing new writes nothing
        let idle = try a.forge("publish", "--no-push", env: a.env)
        #expect(idle.stdout.contains("refs/notes/forge-cache is up to date: 3 records."))
    }

    @Test func aPullBringsWhatWasPublishedSinceAndTheHookImportsIt() throws {
        // Given clone B installed from a published cache
        let team = try ShareTeam()
        let a = try team.founder(messages: ["Fix crash (#1)"])
        try team.knowCommits(of: a)
        #expect(try a.forge("sync", "--foreground", env: a.env).status == 0)
        #expect(try a.forge("publish", env: a.env).status == 0)
        let b = try team.newClone()
        #expect(try b.run(GitForgeBinary.path, ["install"], env: b.env.merging(["PATH": forgePATH]) { $1 }).status == 0)
        try b.waitForIdleResolver()

        // When A resolves and publishes one more, and B pulls (git's own fetch brings the refs)
        try a.commit("Fix the other crash (#4)")
        try a.git("push", "-q", "origin", "main")
        try team.knowCommits(of: a)
        #expect(try a.forge("sync", "--foreground", env: a.env).status == 0)
        #expect(try a.forge("publish", env: a.env).status == 0)
        let askedByA = team.forge.requests.count
        try b.gitWithForge("pull", "-q", "--no-rebase", env: b.env)

        // Then B's hook imported it before its resolver ran: B shows #4 and asked nothing
        try b.waitForLog("post-merge: Imported 1 record from refs/notes/remotes/origin/forge-cache.")
        try b.settle()
        #expect(team.forge.requests.count == askedByA)
        #expect(try b.showJSON("HEAD") == a.showJSON("HEAD"))
    }

    @Test func aRemoteThatRefusesNotesIsSaidPlainly() throws {
        let team = try ShareTeam()
        let a = try team.founder(messages: ["Fix crash (#1)"])
        let hook = team.remote.path + "/hooks/pre-receive"
        try Data("#!/bin/sh\nwhile read old new ref; do case $ref in refs/notes/*) echo 'only branches and tags' >&2; exit 1;; esac; done\n".utf8)
            .write(to: URL(fileURLWithPath: hook))
        chmod(hook, 0o755)
        #expect(try a.forge("sync", "--foreground", env: a.env).status == 0)

        let out = try a.forge("publish", env: a.env)

        #expect(out.status == 1)
        #expect(out.stderr.hasPrefix("error: 'origin' refused refs/notes/forge-cache (pre-receive hook declined); "
                                     + "this host may accept only branches and tags"))
        // The local refs were written all the same
        #expect(try a.git("rev-parse", "--verify", "-q", "refs/notes/forge-cache").count == 40)
    }

    @Test func installNeverFailsOnAnUnreachableRemoteAndUninstallTakesOutOnlyItsRefspec() throws {
        let team = try ShareTeam()
        let a = try team.founder(messages: ["Fix crash (#1)"])
        try a.git("remote", "set-url", "origin", team.remote.path + "-gone")

        let install = try a.forge("install", env: a.env)

        #expect(install.status == 0)
        #expect(install.stdout.contains("No shared cache fetched (git fetch origin failed: '\(team.remote.path)-gone' "
                                        + "does not appear to be a git repository); 'git forge fetch' tries again.\n"))
        #expect(install.stderr.isEmpty)
        let specs = try a.git("config", "--get-all", "remote.origin.fetch")
        #expect(specs == "+refs/heads/*:refs/remotes/origin/*\n+refs/notes/forge*:refs/notes/remotes/origin/forge*")
        // An explicit publish or fetch says the same in one error line
        let publish = try a.forge("publish", env: a.env)
        #expect(publish.status == 1)
        #expect(publish.stderr == "error: git push origin failed: '\(team.remote.path)-gone' does not appear to be a git repository\n")
        // Installing again adds nothing
        _ = try a.forge("install", env: a.env)
        #expect(try a.git("config", "--get-all", "remote.origin.fetch") == specs)

        let uninstall = try a.forge("uninstall")

        #expect(uninstall.status == 0)
        #expect(try a.git("config", "--get-all", "remote.origin.fetch") == "+refs/heads/*:refs/remotes/origin/*")
        try a.waitForIdleResolver()
    }
}
