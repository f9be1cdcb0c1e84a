import Foundation
import Synchronization
import Testing
@testable import GitForgeCore
import GitForgeTestSupport

/// `ResolverControl`'s one answer to "is a resolver running?", in process; stopping a real
/// resolver is in GitForgeCLITests (ResolverControlStopTests), which needs one in another process.
struct ResolverControlTests {
    private final class Stop: Sendable { let flag = Atomic<Bool>(false) }

    /// Locks on the file's inode as the kernel lists them. Read from /proc/locks, which takes no
    /// lock itself; an acquire loop would not do here, as a process the other tests spawn holds a
    /// copy of every descriptor open at that moment until it execs.
    private func locks(on path: String) throws -> [Substring] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileNoSuchFile) }
        let table = try String(contentsOfFile: "/proc/locks", encoding: .utf8)
        return table.split(separator: "\n").filter { line in
            let fields = line.split(separator: " ")
            return fields.count > 5 && fields[5].hasSuffix(":\(info.st_ino)")
        }
    }

    @Test func probingNeverTakesTheResolversLock() throws {
        // Given a store whose resolver is not running, and `show` probing it without pause
        // (editors run it on every cursor move)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let location = StoreLocation(commonDirectory: root)
        try #require(try ResolverLock.acquire(location) != nil)  // leaves the (empty) file behind
        let stop = Stop()
        let prober = Thread {
            while !stop.flag.load(ordering: .relaxed) { _ = ResolverControl(location).isRunning }
        }
        prober.start()
        defer { stop.flag.store(true, ordering: .relaxed) }
        // When the kernel's lock table is looked at meanwhile, over and over
        var seen: [Substring] = []
        for _ in 0..<3_000 where seen.isEmpty { seen = try locks(on: location.pidFile) }
        // Then it never lists a lock on the file: a resolver starting at any moment gets it
        #expect(seen.isEmpty)
        // And the probe still sees a resolver that holds it
        let held = try #require(try ResolverLock.acquire(location))
        #expect(ResolverControl(location).isRunning)
        #expect(ResolverLock.isHeld(location))
        #expect(try locks(on: location.pidFile).count == 1)
        held.release()
        #expect(!ResolverControl(location).isRunning)
    }

    private func scratch() throws -> (StoreLocation, cleanup: () -> Void) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("control-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let location = StoreLocation(commonDirectory: root)
        try location.prepare()
        return (location, { try? FileManager.default.removeItem(atPath: root) })
    }

    @Test func runningIsTheLockHeldWhateverTheFileSays() throws {
        let (location, cleanup) = try scratch()
        defer { cleanup() }
        let control = ResolverControl(location)
        // No file: nothing runs, nothing to stop
        #expect(!control.isRunning)
        #expect(control.stop(grace: 0) == .notRunning)

        // The file names a live process (this one, with its real start time) but nobody holds the
        // lock: a killed resolver's file whose PID came back. Not running, and `status` says stale.
        let me = try #require(try ResolverLock.acquire(location))
        let line = try String(contentsOfFile: location.pidFile, encoding: .utf8)
        me.release()
        try line.write(toFile: location.pidFile, atomically: false, encoding: .utf8)
        #expect(PidRecord(pid: getpid()).isAlive)
        #expect(!control.isRunning)
        let status = try ResolverStatus(location: location, store: nil)
        #expect(!status.running)
        #expect(status.stale)
        #expect(status.pid == getpid())
        #expect(control.stop(grace: 0) == .notRunning, "never signals a process that holds no lock")

        // The lock held, whatever PID the file names (here one long gone): running, not stale
        let standIn = try ResolverLockStandIn(location.pidFile)
        standIn.write("\(try deadProcess()) 1700000000 -\n")
        #expect(control.isRunning)
        let held = try ResolverStatus(location: location, store: nil)
        #expect(held.running)
        #expect(!held.stale)
        standIn.drop()
        #expect(!control.isRunning)
    }

    private func deadProcess() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }
}
