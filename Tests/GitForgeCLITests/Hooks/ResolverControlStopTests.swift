import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// `ResolverControl.stop`, the one stop sequence behind `sync --stop` and `uninstall --purge`,
/// against a real background resolver kept busy by a slow fake forge.
struct ResolverControlStopTests {
    /// A repository whose background resolver is in the middle of a request to `forge`.
    private func busyResolver(_ slowDown: (FakeForge) -> Void) throws -> (GitFixture, FakeForge, ResolverControl) {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge()
        try repo.commit("Fixes #1, #2, #3, #4, #5, #6, #7, #8, #9 and #10")
        slowDown(forge)
        let out = try repo.forge("sync")
        guard out.status == 0 else { throw FixtureError.failed("sync: \(out.stderr)") }
        let control = ResolverControl(StoreLocation(commonDirectory: repo.path + "/.git"))
        let deadline = Date().addingTimeInterval(30)
        while !(control.isRunning && !forge.requests.isEmpty) {
            if Date() > deadline { throw FixtureError.failed("no resolver asked the forge:\n\(repo.log)") }
            usleep(20_000)
        }
        return (repo, forge, control)
    }

    @Test func stopEndsARunningResolverBetweenRequests() throws {
        // Given a resolver waiting 2 s for each answer
        let (repo, forge, control) = try busyResolver { $0.inject(.slow(.seconds(2)), times: 1_000) }
        defer { withExtendedLifetime(forge) {} }
        let record = try #require(control.record)
        // When it is asked to stop
        let outcome = control.stop(grace: 30)
        // Then it stopped after its current answer, saving what it had, and holds no lock
        #expect(outcome == .stopped(record))
        #expect(!control.isRunning)
        #expect(repo.log.contains("resolver stopped (SIGTERM); progress is saved"), "\(repo.log)")
        #expect(try repo.store().latestRun()?.outcome == .interrupted)
        #expect(control.stop(grace: 0) == .notRunning)
        try repo.settle()
    }

    @Test func forceKillsAResolverStuckInARequest() throws {
        // Given a resolver whose request the forge holds for a minute
        let (repo, forge, control) = try busyResolver { $0.hold(after: 0) }
        defer { withExtendedLifetime(forge) {} }
        let record = try #require(control.record)
        // When it is stopped as `uninstall --purge` stops it
        let outcome = control.stop(grace: 0.5, force: true)
        // Then it is killed, the kernel drops its lock, and its file says it was killed
        #expect(outcome == .killed(record))
        #expect(!record.isAlive)
        // (Its main thread may show as a zombie a moment before the last thread closes the lock's
        // descriptor.)
        let deadline = Date().addingTimeInterval(10)
        while control.isRunning && Date() < deadline { usleep(10_000) }
        #expect(!control.isRunning)
        #expect(try ResolverStatus(location: control.location, store: nil).stale)
        try repo.settle()
    }
}
