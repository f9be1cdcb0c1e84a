import Foundation
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `git forge show` on a real repository with resolved data in the store, run in this process
/// with an injected context (`ShowFixture.show`); one test holds the real binary to the same bytes.
@Suite(.serialized) struct ShowGoldenTests {
    let f: ShowFixture
    init() throws { f = try ShowFixture() }

    @Test func theBinaryPrintsWhatAnInjectedContextCaptures() throws {
        for args in [[f.fix], ["--json", f.fix], ["--color=always", f.harden], ["no-such-rev"]] {
            let inProcess = try f.show(arguments: args)
            let binary = try f.showProcess(args)
            #expect(binary.stdout == inProcess.stdout, "\(args)")
            #expect(binary.stderr == inProcess.stderr, "\(args)")
            #expect(binary.status == inProcess.status, "\(args)")
        }
    }

    @Test func messageLinksResolvedPendingAndNotFound() throws {
        let out = try f.show(f.fix)
        #expect(out.status == 0)
        #expect(out.stderr.isEmpty)
        #expect(out.stdout == (try f.gitShowHeader(f.fix)) + """

            Pull requests
                #12 Fix the parser
                    merged in (via message) · merged 2023-11-15T10:00:00Z · by alice
                    labels: bug, parser
                    https://github.com/o/r/pull/12

            Issues
                #7 Parser crashes on empty input
                    closes · closed · by bob
                    labels: bug
                    https://github.com/o/r/issues/7
                #9 mentions · pending — run git forge sync
                #11 mentions · not found

            """)
    }

    @Test func mergeAncestryNamesThePullRequestOfACommitThatSaysNothing() throws {
        for sha in [f.cache1, f.cache2] {
            let out = try f.show(sha)
            #expect(out.stdout == (try f.gitShowHeader(sha)) + """

                Pull requests
                    #20 Add a cache
                        merged in (via merge) · merged 2023-11-16T09:30:00Z · by carol
                        https://github.com/o/r/pull/20

                """)
        }
        // The merge itself names #20 in its message and prints git's Merge: line.
        let merge = try f.show(f.merge)
        #expect(merge.stdout.hasPrefix(try f.gitShowHeader(f.merge)))
        #expect(merge.stdout.contains("Merge: "))
        #expect(merge.stdout.contains("#20 Add a cache\n        merged in (via message)"))
        // Commits on the first-parent line are not the merged branch's.
        #expect(!(try f.show(f.fix)).stdout.contains("#20"))
    }

    @Test func forgeAssociationShowsAnOpenDraftWithItsAge() throws {
        let out = try f.show(f.refactor)
        #expect(out.stdout == (try f.gitShowHeader(f.refactor)) + """

            Pull requests
                #30 Refactor the store
                    from pull request #30 (draft, via forge) · as of 3 hours ago · by dave
                    labels: refactor
                    https://github.com/o/r/pull/30

            """)
    }

    @Test func anUnmergedPullRequestIsNotMergedIn() throws {
        // #30 (the forge's answer for `refactor`) closed without being merged.
        let store = try Workspace(repository: Repository.open(at: f.repo.path)).openStore()
        try store.writer.write { db in
            try db.execute(sql: "UPDATE forge_items SET state = 'closed', draft = 0 WHERE number = 30")
        }
        let out = try f.show(f.refactor)
        #expect(out.stdout.contains("""
                #30 Refactor the store
                    from pull request #30 (closed without merging, via forge) · by dave
            """), "\(out.stdout)")
        #expect(!out.stdout.contains("merged in"))
        // Not fetched yet, the forge's association does not say merged either.
        try store.writer.write { db in try db.execute(sql: "DELETE FROM forge_items WHERE number = 30") }
        let pending = try f.show(f.refactor)
        #expect(pending.stdout.contains("    #30 from pull request (via forge) · pending — run git forge sync\n"), "\(pending.stdout)")
    }

    @Test func aCommitTheForgeHasNoPullRequestForSaysSo() throws {
        let store = try Workspace(repository: Repository.open(at: f.repo.path)).openStore()
        let checked = Int64(Date().timeIntervalSince1970) - 2 * 3600
        try store.writer.write { db in
            try db.execute(sql: "INSERT INTO forge_commit_checks(sha, status, checked_at) VALUES (?, 'none', ?)",
                           arguments: [StoredID.value(f.harden), checked])
        }
        let out = try f.show(f.harden)
        #expect(out.stdout.contains("\nPull requests\n    no pull request (checked 2 hours ago)\n\nIssues\n"), "\(out.stdout)")
        // A commit with a pull request says nothing of the kind.
        #expect(!(try f.show(f.fix)).stdout.contains("no pull request"))
        // --json says it too, in UTC; null where there is nothing to say
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try f.show("--json", f.harden).stdout.utf8))
            as? [String: Any])
        let check = try #require(json["pullRequestCheck"] as? [String: Any], "\(json)")
        #expect(check["answer"] as? String == "none")
        #expect(check["checkedAt"] as? String == ISODate.utc(seconds: checked))
        #expect((check["checkedAt"] as? String)?.hasSuffix("Z") == true)
        let fix = try #require(try JSONSerialization.jsonObject(with: Data(try f.show("--json", f.fix).stdout.utf8))
            as? [String: Any])
        #expect(fix.keys.contains("pullRequestCheck") && fix["pullRequestCheck"] is NSNull, "\(fix)")
        try store.writer.write { db in
            try db.execute(sql: "UPDATE forge_commit_checks SET status = 'unknown' WHERE sha = ?", arguments: [StoredID.value(f.harden)])
        }
        let unknown = try #require(try JSONSerialization.jsonObject(with: Data(try f.show("--json", f.harden).stdout.utf8))
            as? [String: Any])
        #expect((unknown["pullRequestCheck"] as? [String: Any])?["answer"] as? String == "unknown")
        // log --json carries it too, as show does; null where there is nothing to say
        let log = try #require(try JSONSerialization.jsonObject(with: Data(try f.repo.forge("log", "--json").stdout.utf8))
            as? [[String: Any]])
        #expect(!log.isEmpty && log.allSatisfy { $0.keys.contains("pullRequestCheck") })
        #expect(log.filter { !($0["pullRequestCheck"] is NSNull) }.count == 1)
        #expect((log.first?["pullRequestCheck"] as? [String: Any])?["answer"] as? String == "unknown", "\(log)")
    }

    @Test func forgeTimesAreUTCInJSONAndText() throws {
        let store = try Workspace(repository: Repository.open(at: f.repo.path)).openStore()
        try store.writer.write { db in
            // Gitea's form: the server's offset, here +01:00.
            try db.execute(sql: "UPDATE forge_items SET merged_at = '2023-11-15T11:00:00+01:00' WHERE number = 12")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try f.show("--json", f.fix).stdout.utf8)) as? [String: Any])
        #expect((json["pullRequests"] as? [[String: Any]])?.first?["mergedAt"] as? String == "2023-11-15T10:00:00Z")
        #expect(try f.show(f.fix).stdout.contains("merged 2023-11-15T10:00:00Z"))
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let out = try f.show("--json", f.fix)
        #expect(out.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let commit = try #require(json["commit"] as? [String: Any])
        #expect(commit["sha"] as? String == f.fix)
        #expect(commit["subject"] as? String == "Fix the parser (#12)")
        #expect(commit["author"] as? [String: String] == ["name": "Test Author", "email": "author@example.com"])
        #expect(commit["date"] as? String == (try f.repo.git("show", "-s", "--format=%aI", f.fix)))
        #expect(commit["ingested"] as? Bool == true)
        #expect(Set(commit.keys) == ["sha", "subject", "author", "date", "ingested"])
        let pulls = try #require(json["pullRequests"] as? [[String: Any]])
        #expect(pulls.count == 1)
        let pr = pulls[0]
        #expect(Set(pr.keys) == ["number", "repo", "title", "state", "url", "author", "labels", "relation", "status",
                                 "resolved", "fetchedAt", "mergedAt", "draft", "via"])
        #expect(pr["number"] as? Int == 12 && pr["repo"] as? String == "o/r")
        #expect(pr["state"] as? String == "merged" && pr["relation"] as? String == "mergedIn")
        #expect(pr["status"] as? String == "resolved" && pr["resolved"] as? Bool == true)
        #expect(pr["via"] as? String == "message" && pr["draft"] as? Bool == false)
        #expect(pr["labels"] as? [String] == ["bug", "parser"])
        #expect(pr["mergedAt"] as? String == "2023-11-15T10:00:00Z")
        #expect((pr["fetchedAt"] as? String)?.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)
        let issues = try #require(json["issues"] as? [[String: Any]])
        #expect(issues.map { $0["number"] as? Int } == [7, 9, 11])
        #expect(issues.map { $0["relation"] as? String } == ["closes", "mentions", "mentions"])
        #expect(issues.map { $0["status"] as? String } == ["resolved", "pending", "notFound"])
        #expect(Set(issues[1].keys) == ["number", "repo", "title", "state", "url", "author", "labels", "relation",
                                        "status", "resolved", "fetchedAt"])
        #expect(issues[1]["title"] is NSNull && issues[1]["resolved"] as? Bool == false)

        let merged = try #require(try JSONSerialization.jsonObject(with: Data(try f.show("--json", f.cache1).stdout.utf8)) as? [String: Any])
        let viaMerge = try #require((merged["pullRequests"] as? [[String: Any]])?.first)
        #expect(viaMerge["via"] as? String == "merge" && viaMerge["number"] as? Int == 20)
    }

    @Test func forgeTextCannotDriveTheTerminal() throws {
        for colour in ["--color=never", "--color=always"] {
            let out = try f.show(colour, f.harden)
            let bytes = Array(out.stdout.utf8)
            // Then the only ESC bytes are our own SGR colour sequences; no BEL, BS, CR or C1 CSI.
            for (i, byte) in bytes.enumerated() where byte == 0x1B {
                let rest = String(decoding: bytes[i...].prefix(6), as: UTF8.self)
                #expect(rest.range(of: #"^\x1B\[[0-9;]*m"#, options: .regularExpression) != nil, "stray ESC: \(rest.debugDescription)")
            }
            #expect(!bytes.contains(0x07) && !bytes.contains(0x08) && !bytes.contains(0x0D))
            #expect(!out.stdout.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
            #expect(out.stdout.contains("Evil ^[]0;pwned^Gtitle ^[[2J clear ^[]8;;https://evil.example^[\\link"))
            #expect(out.stdout.contains("^[]52;c;ZXZpbA==^Gclip M-^[31m csi^H^H^M end"))
            #expect(out.stdout.contains("by mallory^[[8m"))
        }
    }

    @Test func pendingSaysWhenAResolverIsRunning() throws {
        // Given another process holding the resolver lock
        let lock = try ResolverLockStandIn(f.repo.path + "/.git/forge/resolver.pid")
        let running = try f.show(f.fix)
        #expect(running.stdout.contains("#9 mentions · pending — resolver running"))
        // When it exits, the lock is gone and show says what to do
        lock.drop()
        #expect(try f.show(f.fix).stdout.contains("#9 mentions · pending — run git forge sync"))
    }

    @Test func mailmapNamesTheAuthorAsGitShowDoes() throws {
        try Data("Real Name <real@example.com> Test Author <author@example.com>\n".utf8)
            .write(to: f.repo.root.appendingPathComponent(".mailmap"))
        let out = try f.show(f.fix)
        #expect(out.stdout.contains("Author: Real Name <real@example.com>\n"))
        #expect(out.stdout.hasPrefix(try f.gitShowHeader(f.fix)))
    }
}
