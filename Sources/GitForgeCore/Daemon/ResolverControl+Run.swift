import Foundation

extension ResolverControl {
    /// Who runs the resolver. Both take the same lock and run the same `Resolver`; they differ in
    /// what they do around it.
    public enum Runner: Sendable, Equatable {
        /// `sync --foreground` and `--rebuild` (`command`, as the log names it): ingest under the
        /// lock, then one run of at most `limit` references, deferred references asked now.
        case terminal(command: String, limit: Int?)
        /// The detached resolver: runs while references are pending (at least once when `always`:
        /// `sync`, `install`, which also ask the forge while a `TokenWait` holds and ask deferred
        /// references now), then picks up what was queued meanwhile.
        case background(always: Bool)

        var inBackground: Bool {
            if case .background = self { return true }
            return false
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Another process holds the lock (`pid`: what its file names); nothing was resolved here.
        case busy(pid: Int32?)
        /// The last run made, nil when there was nothing to do.
        case ran(ResolverRun?)
    }

    /// Takes the lock or leaves, resolves under it, and gives it back: the one loop behind
    /// `sync --foreground` and the background resolver.
    ///
    /// The background resolver checks once more after giving the lock back. That closes the race
    /// with a hook that queued references while we held the lock: it committed its ingest *before*
    /// it failed to take the lock, and we look again *after* unlocking, so either it got the lock
    /// or we see its references.
    public func resolve(_ workspace: Workspace, store: ForgeStore, log: ResolverLog, as runner: Runner,
                        shouldStop: @escaping @Sendable () -> Bool,
                        progress: @escaping (ResolverProgress) -> Void = { _ in }) throws -> Outcome {
        var force = true
        if case let .background(always) = runner { force = always }
        var last: ResolverRun?
        while true {
            var seen = try store.backlogMark()
            guard force || seen.pending > 0 else { return .ran(last) }
            guard let lock = try ResolverLock.acquire(location) else {
                let pid = ResolverLock.probe(location)?.pid
                let holder = pid.map { " (PID \($0))" } ?? ""
                switch runner {
                case let .terminal(command, _):
                    log.write("\(command): a resolver is already running\(holder); it picks up the work")
                case .background:
                    log.write("a resolver is already running\(holder); it picks up new references")
                }
                return .busy(pid: pid)
            }
            defer { lock.release() }  // on a throw; a clean end releases it before the last check
            switch runner {
            case let .terminal(command, _):
                _ = try workspace.ingest(into: store)
                seen = try store.backlogMark()
                log.write("\(command): started in this terminal: \(seen.pending) reference\(seen.pending == 1 ? "" : "s") pending")
            case .background:
                log.write("resolver started: \(seen.pending) reference\(seen.pending == 1 ? "" : "s") pending")
            }
            var finishedCleanly = true
            while true {
                let run: ResolverRun
                do {
                    run = try resolveOnce(workspace, store: store, log: log, as: runner,
                                          shouldStop: shouldStop, progress: progress)
                } catch let waiting as ResolverWaitingForToken where runner.inBackground {
                    log.write(waiting.description)
                    finishedCleanly = false
                    break
                } catch {
                    if case let .terminal(command, _) = runner { log.write("\(command): error: \(error)") }
                    throw error
                }
                last = run
                if !runner.inBackground { break }
                if shouldStop() || run.outcome != .completed { finishedCleanly = false; break }
                let now = try store.backlogMark()
                guard now.lastRefID != seen.lastRefID, now.pending > 0 else { break }
                log.write("\(now.pending) reference\(now.pending == 1 ? "" : "s") queued meanwhile")
                seen = now
            }
            // Logged while still holding the lock, so the log shows runs strictly one after another.
            switch runner {
            case let .terminal(command, _):
                log.write("\(command): finished")
                lock.release()
                return .ran(last)
            case .background:
                log.write(shouldStop() ? "resolver stopped (SIGTERM); progress is saved" : "resolver exiting")
                lock.release()
            }
            guard finishedCleanly else { return .ran(last) }
            let after = try store.backlogMark()
            guard after.lastRefID != seen.lastRefID, after.pending > 0 else { return .ran(last) }
            force = false
        }
    }

    private func resolveOnce(_ workspace: Workspace, store: ForgeStore, log: ResolverLog, as runner: Runner,
                             shouldStop: @escaping @Sendable () -> Bool,
                             progress: @escaping (ResolverProgress) -> Void) throws -> ResolverRun {
        var options: ResolverOptions
        switch runner {
        case let .terminal(_, limit):
            options = ResolverOptions(limit: limit)
            options.explicit = true
        case let .background(always):
            options = ResolverOptions()
            // A hook's resolver honours a saved `TokenWait`; `sync`'s and `install`'s do not.
            options.waitForToken = !always
            // `sync` and `install` (not a hook) asked for this run: deferred references are asked now.
            options.explicit = always
        }
        let logProgress = log.progressLogger()
        let run = try Resolver(workspace: workspace, store: store, options: options)
            .run(shouldStop: shouldStop, progress: { logProgress($0); progress($0) })
        log.finished(run)
        return run
    }
}
