import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// `git forge sync` and its background resolver.
struct SyncTests {
    @Test func syncStartsTheResolverAndReturnsAtOnce() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try repo.useFakeForge()
        defer { withExtendedLifetime(forge) {} }
        try repo.commit("one #1")
        // The forge takes 4 s to answer: a sync that waited for its resolver would take longer.
        forge.inject(.slow(.seconds(4)))
        let started = Date()
        let out = try repo.forge("sync")
        let elapsed = Date().timeIntervalSince(started)
        #expect(out.status == 0)
        #expect(out.stdout.hasPrefix("Resolver started in the background (PID "))
        #expect(out.stdout.contains("log: \(repo.logPath)"))
        #expect(elapsed < 3.0, "sync took \(elapsed) s")  // 100 ms on a release build; debug and CI are slower
        try repo.waitForLog("resolver exiting")
        #expect(try repo.store().latestRun()?.outcome == .completed)

        let log = try repo.forge("sync", "--log")
        #expect(log.stdout.contains("] resolver started: 1 reference pending"))
        #expect(log.stdout.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 \[\d+\] "#, options: .regularExpression) != nil)
        let mode = try FileManager.default.attributesOfItem(atPath: repo.logPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func syncSaysSoWhenAResolverRunsAndStopEndsIt() throws {
        let repo = try GitFixture()
        try repo.commit("one #1")
        #expect(try repo.forge("sync", "--stop").stdout == "No resolver is running.\n")
        _ = try repo.forge("ingest")
        // Stand in a long-lived process for a busy resolver: the PID file names it, and the lock
        // is held (stop signals only a resolver that holds it).
        let busy = Process()
        // (Foundation starts children with SIGTERM blocked; this one unblocks it, as the resolver does.)
        busy.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        busy.arguments = ["-c", "import signal, time; signal.pthread_sigmask(signal.SIG_SETMASK, []); time.sleep(30)"]
        try busy.run()
        defer { if busy.isRunning { busy.terminate() } }
        let location = StoreLocation(commonDirectory: repo.path + "/.git")
        let start = try String(contentsOfFile: "/proc/\(busy.processIdentifier)/stat", encoding: .utf8)
            .split(separator: ")").last!.split(separator: " ")[19]
        let lock = try ResolverLockStandIn(location.pidFile)
        defer { lock.drop() }
        lock.write("\(busy.processIdentifier) \(Int(Date().timeIntervalSince1970)) \(start)\n")

        let again = try repo.forge("sync")
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("A resolver is already running (PID \(busy.processIdentifier))"))
        let status = try repo.forge("status")
        #expect(status.stdout.contains("Syncing:  PID \(busy.processIdentifier) running"))

        let stop = try repo.forge("sync", "--stop")
        #expect(stop.status == 0)
        #expect(stop.stdout.hasPrefix("Stopped the resolver (PID \(busy.processIdentifier))"))
    }

    @Test func aReusedPIDIsNotTakenForTheResolver() throws {
        let repo = try GitFixture()
        _ = try repo.forge("ingest")
        let location = StoreLocation(commonDirectory: repo.path + "/.git")
        // Our own PID, alive, but with another start time: not the resolver the file names.
        try Data("\(getpid()) 1 12345\n".utf8).write(to: URL(fileURLWithPath: location.pidFile))
        let json = try #require(try repo.statusJSON()["resolver"] as? [String: Any])
        #expect(json["running"] as? Bool == false)
        #expect(json["stale"] as? Bool == true)
        try Data("\(try deadPID()) 1 -\n".utf8).write(to: URL(fileURLWithPath: location.pidFile))
        #expect((try repo.statusJSON()["resolver"] as? [String: Any])?["stale"] as? Bool == true)
    }
}
