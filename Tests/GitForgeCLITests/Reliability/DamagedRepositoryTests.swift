import Foundation
import Testing
import GitForgeTestSupport

/// A repository with an object cut short or gone, as a power loss or a full disk leaves one:
/// commands say which object and exit 1, a hook logs it and lets git carry on, nothing spins, and
/// nothing is stored that would leave a hole in the history. (libgit2 1.5 on its own loops for
/// ever on a truncated object: Sources/CGit2Startup/truncated_objects.c.)
@Suite struct DamagedRepositoryTests {
    @Test func ingestNamesTheTruncatedObjectAndStops() throws {
        let repo = try GitFixture()
        try repo.commit("first #1")
        let damaged = try repo.commit("second #2")
        try repo.truncateObject(damaged)
        // `timeout`, so that the loop this guards against fails the test instead of hanging it.
        let out = try repo.run("/usr/bin/timeout", ["-s", "KILL", "60", GitForgeBinary.path, "ingest"])
        #expect(out.status == 1, "killed by the timeout: the read spun")
        #expect(out.stderr == "error: read object \(damaged): the object is truncated (premature end of zlib stream)\n")
        #expect(out.stdout.isEmpty)
    }

    @Test func aMissingParentStopsIngestUntilItIsBack() throws {
        let repo = try GitFixture()
        try repo.commit("first #1")
        let missing = try repo.commit("second #2")
        let child = try repo.commit("third #3")
        let bytes = try repo.removeObject(missing)
        let out = try repo.forge("ingest")
        #expect(out.status == 1)
        #expect(out.stderr == "error: commit \(missing), a parent of \(child), is missing from the repository; "
                + "'git fsck' shows the damage\n")
        // Nothing was stored, so nothing is skipped once the object is back (from a backup, say).
        try repo.restoreObject(missing, bytes)
        let again = try repo.forge("ingest", "--json")
        #expect(again.stdout.contains("\"newCommits\" : 3"), "\(again.stdout)\(again.stderr)")
    }

    @Test func aHookLogsTheTruncatedObjectAndGitCarriesOn() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge()
        defer { withExtendedLifetime(forge) {} }
        try repo.commit("initial (#1)")
        #expect(try repo.install().status == 0)
        try repo.settle()
        // A branch the hooks did not see (as after a fetch), its commit damaged before any ingest.
        let damaged = try repo.git("commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "unseen #2")
        try repo.git("branch", "side", damaged)
        try repo.truncateObject(damaged)
        try repo.gitWithForge("commit", "-q", "--allow-empty", "-m", "seen #3")
        try repo.settle(timeout: 60)
        #expect(repo.log.contains("read object \(damaged): the object is truncated"), "\(repo.log)")
    }
}
