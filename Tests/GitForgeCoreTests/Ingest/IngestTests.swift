import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

struct IngestTests {
    @Test func ingestsEachCommitOnceAndOnlyWhatIsNew() throws {
        // Given a repository with three commits that reference two numbers
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/octo/widgets.git")
        try repo.commit("First (#1)")
        try repo.commit("Second\n\nFixes #2")
        try repo.commit("Third, no refs")
        // When it is ingested twice
        let first = try ingest(repo)
        let second = try ingest(repo)
        // Then the second run finds nothing new
        #expect(first == .init(commits: 3, newCommits: 3, newRefs: 2))
        #expect(second == .init(commits: 3, newCommits: 0, newRefs: 0))
        // And one more commit costs one event
        try repo.commit("Fourth mentions #2 and #3")
        #expect(try ingest(repo) == .init(commits: 4, newCommits: 1, newRefs: 1))
        let store = try openStore(repo)
        #expect(try store.backlog() == ["octo/widgets any 1", "octo/widgets any 2", "octo/widgets any 3"])
        #expect(try store.payloads().map(\.subject) == ["Third, no refs", "Second", "First (#1)", "Fourth mentions #2 and #3"])
    }

    @Test func payloadCarriesParentsPeopleAndDatesWithOffsets() throws {
        let repo = try GitFixture()
        let a = try repo.commit("Subject line\nwrapped\n\nBody para 1\n\n\nBody para 2   \n\n", date: 1_700_000_000)
        try repo.git("commit", "-q", "--allow-empty", "-m", "Second",
                     env: ["GIT_AUTHOR_DATE": "1700003600 +0530", "GIT_COMMITTER_DATE": "1700003600 -0800"])
        _ = try ingest(repo)
        let payloads = try openStore(repo).payloads()
        let second = try #require(payloads.first)
        #expect(second.parents == [a])
        #expect(second.author.name == "Test Author" && second.author.email == "author@example.com")
        #expect(second.author.date == "2023-11-15T04:43:20+05:30")
        #expect(second.committer.date == "2023-11-14T15:13:20-08:00")
        #expect(second.committer.name == "Test Committer")
        let first = payloads[1]
        #expect(first.subject == "Subject line wrapped")
        #expect(first.body == "Body para 1\n\n\nBody para 2")
        #expect(first.parents.isEmpty)
    }

    @Test func commitsReachableOnlyFromTagsAreIngestedIncrementally() throws {
        // Given commits reachable only from a lightweight tag and from an annotated tag (a branch
        // deleted after tagging), and tags of a tree and a blob, which lead to no commit
        let repo = try GitFixture()
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "release")
        let light = try repo.commit("Release candidate (#7)")
        try repo.git("tag", "rc1")
        let annotated = try repo.commit("Release (#8)", file: "a.txt")
        try repo.git("tag", "-a", "-m", "v1.0", "v1.0")
        try repo.git("tag", "treetag", "HEAD^{tree}")
        try repo.git("tag", "blobtag", "HEAD:a.txt")
        try repo.git("checkout", "-q", "main")
        try repo.git("branch", "-q", "-D", "release")
        // When ingested
        #expect(try ingest(repo) == .init(commits: 3, newCommits: 3, newRefs: 2))
        let stored = Set(try openStore(repo).payloads().map(\.sha))
        #expect(stored.isSuperset(of: [light, annotated]))
        // Then a later tag is picked up by an incremental run, which walks only what is new
        try repo.git("checkout", "-q", "--detach", "v1.0")
        let hotfix = try repo.commit("Hotfix (#9)")
        try repo.git("tag", "-a", "-m", "v1.0.1", "v1.0.1")
        try repo.git("checkout", "-q", "main")
        // (packed, as a clone has them: packed-refs names the commit an annotated tag peels to)
        try repo.git("pack-refs", "--all")
        #expect(try ingest(repo) == .init(commits: 4, newCommits: 1, newRefs: 1))
        #expect(try openStore(repo).payloads().last?.sha == hotfix)
    }

    @Test func walksBranchesRemoteTrackingRefsAndDetachedHead() throws {
        let repo = try GitFixture()
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.commit("on side branch")
        try repo.git("checkout", "-q", "main")
        let remoteOnly = try repo.commit("becomes remote only")
        try repo.git("update-ref", "refs/remotes/origin/feature", remoteOnly)
        try repo.git("reset", "-q", "--hard", "HEAD~1")
        try repo.git("checkout", "-q", "--detach")
        try repo.commit("detached work")
        #expect(try ingest(repo).newCommits == 4)
    }

    @Test func refsNamingAnnotatedTagsAreFollowedToTheirCommits() throws {
        // Given remote-tracking refs that name an annotated tag, and a tag of that tag, whose
        // commits no branch reaches (as a fetch refspec into refs/remotes can leave them)
        let repo = try GitFixture()
        try repo.commit("base")
        let tagged = try repo.commit("tagged work")
        try repo.git("tag", "-a", "v1", "-m", "release")
        try repo.git("tag", "-a", "v1-signed", "-m", "of the tag", "v1")
        try repo.git("update-ref", "refs/remotes/origin/release", try repo.git("rev-parse", "v1"))
        try repo.git("update-ref", "refs/remotes/origin/signed", try repo.git("rev-parse", "v1-signed"))
        try repo.git("tag", "-d", "v1", "v1-signed")
        try repo.git("reset", "-q", "--hard", "HEAD~1")
        let later = try repo.commit("later")
        // When it is ingested, twice
        let first = try ingest(repo)
        let second = try ingest(repo)
        // Then the tagged commit is stored as `git log --branches --remotes HEAD` lists it, once
        #expect(first.newCommits == 3, "base, later and the tagged commit")
        #expect(second.newCommits == 0)
        let stored = try openStore(repo).payloads().map(\.sha)
        #expect(Set(stored) == Set(try repo.git("rev-list", "--branches", "--remotes", "HEAD").split(separator: "\n").map(String.init)))
        #expect(stored.contains(tagged) && stored.contains(later))
    }

    @Test func emptyRepositoryIngestsNothing() throws {
        let repo = try GitFixture()
        #expect(try ingest(repo) == .init(commits: 0, newCommits: 0, newRefs: 0))
    }

    @Test func bareShallowAndUnshallowedClones() throws {
        let origin = try GitFixture()
        for i in 1...5 { try origin.commit("commit \(i) (#\(i))") }
        let bare = try GitFixture(bare: true)
        try bare.git("fetch", "-q", origin.path, "main:main")
        #expect(try ingest(bare).newCommits == 5)

        let shallow = try GitFixture()
        let url = "file://\(origin.path)"
        try shallow.git("fetch", "-q", "--depth", "2", url, "main:refs/remotes/origin/main")
        #expect(try shallow.git("rev-parse", "--is-shallow-repository") == "true")
        #expect(try ingest(shallow) == .init(commits: 2, newCommits: 2, newRefs: 2))
        try shallow.git("fetch", "-q", "--unshallow", url, "main:refs/remotes/origin/main")
        #expect(try ingest(shallow).newCommits == 3, "commits behind the old shallow boundary are found")
    }

    @Test func linkedWorktreesShareOneStore() throws {
        let repo = try GitFixture()
        try repo.commit("base")
        let wt = repo.root.deletingLastPathComponent().appendingPathComponent("wt").path
        try repo.git("worktree", "add", "-q", "-b", "other", wt)
        let tree = GitFixture(existing: URL(fileURLWithPath: wt), home: repo.home)
        try tree.commit("in worktree (#9)")
        let workspace = try Workspace(repository: Repository.open(at: wt))
        #expect(workspace.location.directory == repo.path + "/.git/forge")
        #expect(try ingest(repo, at: wt).newCommits == 2)
        #expect(try ingest(repo).newCommits == 0)
    }

    @Test func decodesDeclaredEncodingsAndSurvivesInvalidBytes() throws {
        let repo = try GitFixture()
        try repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
        let latin1: [UInt8] = Array("Caf".utf8) + [0xE9] + Array(" ouvert (#4)\n".utf8)
        try repo.git("commit", "-q", "--allow-empty", "-F", "-", input: Data(latin1))
        try repo.git("config", "--unset", "i18n.commitEncoding")
        // git itself re-encodes invalid UTF-8 on commit, so write the object by hand.
        let tree = try repo.git("rev-parse", "HEAD^{tree}")
        let parent = try repo.git("rev-parse", "HEAD")
        let header = "tree \(tree)\nparent \(parent)\nauthor A <a@x> 1700000000 +0000\ncommitter A <a@x> 1700000000 +0000\n\n"
        let broken: [UInt8] = Array(header.utf8) + Array("Bad ".utf8) + [0xFF, 0xFE] + Array(" bytes\n".utf8)
        let sha = try repo.git("hash-object", "-t", "commit", "-w", "--stdin", input: Data(broken))
        try repo.git("update-ref", "refs/heads/main", sha)
        #expect(try ingest(repo).newCommits == 2)
        let payloads = try openStore(repo).payloads()
        #expect(payloads[1].subject == "Café ouvert (#4)")
        #expect(payloads[1].encoding == "ISO-8859-1")
        #expect(payloads[0].subject == "Bad \u{FFFD}\u{FFFD} bytes")
    }

    @Test func hugeMessagesAndThousandsOfReferences() throws {
        let repo = try GitFixture()
        let big = "Huge (#1)\n\n" + String(repeating: "lorem ipsum dolor sit amet ", count: 400_000)
        try repo.commit(big)
        let many = "Many\n\n" + (1...10_000).map { "#\($0)" }.joined(separator: " ")
        try repo.commit(many)
        let result = try ingest(repo)
        #expect(result.newCommits == 2)
        #expect(result.newRefs == 10_000)
        #expect(try openStore(repo).payloads().last?.body.utf8.count ?? 0 > 10_000_000)
    }

    @Test func largeHistoriesGoThroughTheWriterThreadInOneTransaction() throws {
        // Given 700 commits (more than one 256-commit batch, so the writer thread runs), each
        // naming a number that the one before it also named
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/octo/widgets.git")
        try importHistory(repo, commits: 700)
        // When it is ingested, then once more after one new commit
        let first = try ingest(repo)
        try repo.git("checkout", "-q", "main")
        try repo.commit("Follow-up (#700)")
        let second = try ingest(repo)
        // Then every commit and reference is stored once, newest first, and the second run is
        // incremental
        #expect(first == .init(commits: 700, newCommits: 700, newRefs: 701))
        #expect(second == .init(commits: 701, newCommits: 1, newRefs: 0))
        let store = try openStore(repo)
        let subjects = try store.payloads().map(\.subject)
        #expect(subjects.prefix(2) == ["Change 700 (#700)", "Change 699 (#699)"])
        #expect(subjects.suffix(2) == ["Change 1 (#1)", "Follow-up (#700)"])
        #expect(try store.payloads()[1].parents == [try repo.git("rev-parse", "main~3")], "699's parent is 698")
        let firstMentions = try store.writer.read { db in
            try Row.fetchOne(db, sql: """
                SELECT lower(hex(e.source_id)), e.timestamp, e.payload
                FROM forge_refs r JOIN eventlog e ON e.source_id = r.first_sha WHERE r.number = 300
                """).flatMap { CommitPayloadReader.payload(Array($0[2] as Data), sha: $0[0], committerTime: $0[1]) }
        }
        #expect(firstMentions?.subject == "Change 300 (#300)", "first_sha is the newest commit naming it")
        // The first fill dropped the read indexes while inserting; they are back.
        let indexes = try store.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('forge_refs_backlog', 'commit_refs_ref') ORDER BY name")
        }
        #expect(indexes == ["commit_refs_ref", "forge_refs_backlog"])
    }

    @Test func commitsReachedThroughManyMergesAreStoredOnce() throws {
        // Given 600 commits on two lines merged into each other at every step (each commit is
        // the parent of two others), some committer clocks skewed into the future, and a
        // branch and a tag at old commits
        let repo = try GitFixture()
        var stream = ""
        for i in 1...600 {
            let time = 1_700_000_000 + i * 10 + (i % 7 == 0 ? 5_000 : 0)
            let message = "Change \(i) (#\(i))\n"
            stream += "commit refs/heads/main\nmark :\(i)\ncommitter C <c@example.com> \(time) +0000\n"
            stream += "data \(message.utf8.count)\n\(message)\n"
            if i > 1 { stream += "from :\(i - 1)\n" }
            if i > 2 { stream += "merge :\(i - 2)\n" }
            stream += "\n"
        }
        try repo.git("fast-import", "--quiet", input: Data(stream.utf8))
        try repo.git("branch", "old", "main~300")
        try repo.git("tag", "v1", "main~450")
        let expected = Int(try repo.git("rev-list", "--count", "--all")) ?? 0
        // When it is ingested (a first fill, through the walk's threads)
        let result = try ingest(repo)
        // Then every commit is stored exactly once
        #expect(expected == 600)
        #expect(result.newCommits == 600)
        let counts = try openStore(repo).writer.read { db in
            try ["count(*)", "count(DISTINCT source_id)"].map {
                try Int.fetchOne(db, sql: "SELECT \($0) FROM eventlog WHERE type = 'git.commit'")
            }
        }
        #expect(counts == [600, 600])
        #expect(try ingest(repo).newCommits == 0)
    }

    @Test func mergesOfALongHistoryAttributeTheirCommitsThroughTheThreads() throws {
        // Given 301 commits (more than one batch, so the walk, parser and writer threads all
        // run): 150 topic commits, each merged as its own pull request
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        func commit(_ ref: String, _ mark: Int, _ message: String, parents: [Int]) -> String {
            var text = "commit refs/heads/\(ref)\nmark :\(mark)\ncommitter C <c@example.com> \(1_700_000_000 + mark) +0000\n"
            text += "data \(message.utf8.count)\n\(message)\n"
            if let first = parents.first { text += "from :\(first)\n" }
            for other in parents.dropFirst() { text += "merge :\(other)\n" }
            return text + "\n"
        }
        var stream = commit("main", 1, "Root", parents: [])
        for k in 1...150 {
            stream += commit("topic", 2 * k, "Topic \(k)", parents: [2 * k - 1])
            stream += commit("main", 2 * k + 1, "Merge pull request #\(k) from dev/t", parents: [2 * k - 1, 2 * k])
        }
        try repo.git("fast-import", "--quiet", input: Data(stream.utf8))
        // When it is ingested
        #expect(try ingest(repo).newCommits == 301)
        // Then each topic commit belongs to the pull request that merged it, and nothing else does
        var subjectOf: [String: String] = [:]
        for line in try repo.git("log", "--format=%H %s", "topic").split(separator: "\n") {
            subjectOf[String(line.prefix(40))] = String(line.dropFirst(41))
        }
        let subjects = try openStore(repo).writer.read { db in
            try Row.fetchAll(db, sql: "SELECT lower(hex(sha)), number FROM commit_pulls WHERE via = 'merge'")
                .map { "\($0[1] as Int) \(subjectOf[$0[0] as String] ?? "?")" }
        }
        #expect(Set(subjects) == Set((1...150).map { "\($0) Topic \($0)" }))
        #expect(subjects.count == 150)
    }

    @Test func aFirstFillAttributesACommitItsSeedDoesNotHoldFromTheStore() throws {
        // Given 302 commits (the threads run, and attribution is computed from the seed on the
        // parser thread) where the one topic commit's clock is skewed a year ahead: the walk
        // yields it before the merge naming #7, so the seed, kept from that merge on, lacks it
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        var stream = "commit refs/heads/main\nmark :1\ncommitter C <c@example.com> 1700000000 +0000\ndata 5\nRoot\n\n"
        stream += "commit refs/heads/topic\nmark :2\ncommitter C <c@example.com> 1730000000 +0000\ndata 6\nTopic\n\nfrom :1\n\n"
        for i in 3...301 {
            stream += "commit refs/heads/main\nmark :\(i)\ncommitter C <c@example.com> \(1_700_000_000 + i) +0000\n"
            stream += "data 5\nWork\n\nfrom :\(i - 1 == 2 ? 1 : i - 1)\n\n"
        }
        let merge = "Merge pull request #7 from dev/topic\n"
        stream += "commit refs/heads/main\nmark :302\ncommitter C <c@example.com> 1700000400 +0000\n"
        stream += "data \(merge.utf8.count)\n\(merge)\nfrom :301\nmerge :2\n\n"
        try repo.git("fast-import", "--quiet", input: Data(stream.utf8))
        let topic = try repo.git("rev-parse", "topic")
        // When it is ingested
        #expect(try ingest(repo).newCommits == 302)
        // Then the store answers for it: the merge's one commit is #7's, and nothing else is
        let rows = try openStore(repo).writer.read { db in
            try Row.fetchAll(db, sql: "SELECT lower(hex(sha)), number FROM commit_pulls WHERE via = 'merge'")
                .map { "\($0[0] as String) #\($0[1] as Int)" }
        }
        #expect(rows == ["\(topic) #7"])
    }

    @Test func aWalkThatFailsPartWayStoresNothingAndTheNextRunReadsEverything() throws {
        // Given 700 commits as loose objects, one of the oldest cut short (as a power loss leaves one)
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/octo/widgets.git")
        try importHistory(repo, commits: 700)
        try repo.makeObjectsLoose()
        let damaged = try repo.git("rev-parse", "main~600")
        let bytes = try repo.truncateObject(damaged)
        // When it is ingested, the walk fails there: the error names the object
        let error = #expect(throws: GitError.self) { try ingest(repo) }
        #expect(error?.description.contains(damaged) == true, "\(String(describing: error))")
        // Then the batches the writer thread had already taken are not committed either
        #expect(try openStore(repo).payloads().isEmpty)
        #expect(try openStore(repo).backlog().isEmpty)
        // And once the object is whole again, the next run reads the whole history
        try repo.restoreObject(damaged, bytes)
        #expect(try ingest(repo) == .init(commits: 700, newCommits: 700, newRefs: 701))
    }
}
