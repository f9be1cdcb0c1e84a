import Foundation
import Synchronization
import Testing
@testable import GitForgeCore

struct ResolverProbeTests {
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
            while !stop.flag.load(ordering: .relaxed) { _ = ResolverProbe.isRunning(pidFile: location.pidFile) }
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
        #expect(ResolverProbe.isRunning(pidFile: location.pidFile))
        #expect(ResolverLock.isHeld(location))
        #expect(try locks(on: location.pidFile).count == 1)
        held.release()
        #expect(!ResolverProbe.isRunning(pidFile: location.pidFile))
    }
}
