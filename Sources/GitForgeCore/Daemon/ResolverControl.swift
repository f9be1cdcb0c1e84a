import Foundation

/// The one way to ask whether a store's resolver runs, to stop it, and to run it
/// (`ResolverControl+Run.swift`). `show`, `status`, `sync` and `uninstall --purge` all go
/// through it, so they cannot give different answers about the same resolver.
public struct ResolverControl: Sendable {
    public let location: StoreLocation

    public init(_ location: StoreLocation) {
        self.location = location
    }

    /// Whether a resolver runs for this store: its lock is held. The lock is the one answer
    /// because it is what the kernel keeps true: it goes with the holder however it dies, where a
    /// PID in the file may outlive its process or name a stranger that reused it. Asked without
    /// taking the lock, so `show`, which editors run on every cursor move, never makes a starting
    /// resolver think another one runs.
    public var isRunning: Bool { ResolverLock.isHeld(location) }

    /// What the lock file names (PID, start), read without touching the lock: who runs when
    /// `isRunning`, who was killed when not. Nil when no resolver ran or the last exited cleanly.
    public var record: PidRecord? { ResolverLock.probe(location) }

    public enum StopOutcome: Sendable, Equatable {
        case notRunning
        /// It exited within the grace period, its progress saved.
        case stopped(PidRecord)
        /// Still finishing its current request (up to curl's timeout) when the grace ran out.
        case stopping(PidRecord)
        /// Still there after the grace period, and killed (`force`).
        case killed(PidRecord)
    }

    /// Asks the resolver holding the lock to stop (SIGTERM: it stops between requests with what
    /// it has saved) and waits up to `grace` for it to exit. Only a process that holds the lock
    /// and is the one the file names is signalled, never a stranger that reused a dead
    /// resolver's PID.
    /// - Parameter force: kill one still there after `grace` (SIGKILL), for when what it would
    ///   save is about to be deleted (`uninstall --purge`): left running on deleted files it
    ///   would also sit beside the resolver a later install starts.
    public func stop(grace: TimeInterval, force: Bool = false) -> StopOutcome {
        guard let record = ResolverLock.holder(location) else { return .notRunning }
        kill(record.pid, SIGTERM)
        if waitForExit(record, timeout: grace) { return .stopped(record) }
        guard force, ResolverLock.holder(location) == record else { return .stopping(record) }
        kill(record.pid, SIGKILL)
        _ = waitForExit(record, timeout: 5)
        return .killed(record)
    }

    /// Waits up to `timeout` for the process `record` names to exit.
    private func waitForExit(_ record: PidRecord, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while record.isAlive {
            if Date() > deadline { return false }
            usleep(20_000)
        }
        return true
    }
}
