import Foundation

/// The resolver part of `git forge status`: `resolver.*`, `progress.*` (all `null` when idle) and
/// `lastRun.*` (`null` before the first run). Times are ISO 8601 in UTC.
extension StatusReport {
    public struct ResolverState: Encodable, Sendable {
        public var running: Bool
        public var pid: Nullable<Int32>
        public var startedAt: Nullable<String>
        public var stale: Bool
        /// What the running resolver is waiting for ("rate limited until 10:42 (…)"), or null.
        public var waiting: Nullable<String>
        public var waitingUntil: Nullable<String>

        init(_ state: ResolverStatus) {
            running = state.running
            pid = Nullable(state.pid)
            startedAt = Nullable(state.startedAt.map(isoTime))
            stale = state.stale
            waiting = Nullable(state.wait?.text)
            waitingUntil = Nullable(state.wait.map { isoTime($0.until) })
        }
    }

    public struct ProgressState: Encodable, Sendable {
        public var done: Nullable<Int>
        public var total: Nullable<Int>
        public var ratePerMin: Nullable<Double>
        public var etaSeconds: Nullable<Int>

        init(_ progress: ResolverStatus.Progress?) {
            done = Nullable(progress?.done)
            // A run writes its total once it has counted the backlog: before that 0 is "not
            // known yet", not "nothing to do". References queued during the run may take `done` past it.
            total = Nullable(progress.flatMap { $0.total > 0 || $0.done > 0 ? max($0.total, $0.done) : nil })
            ratePerMin = Nullable(progress?.ratePerMin)
            etaSeconds = Nullable(progress?.etaSeconds)
        }
    }

    public struct LastRun: Encodable, Sendable {
        public var startedAt: String
        public var finishedAt: Nullable<String>
        public var outcome: Nullable<String>
        public var resolved: Int
        public var requests: Int
        public var error: Nullable<String>

        init(_ run: ResolverRun) {
            startedAt = isoTime(run.startedAt)
            finishedAt = Nullable(run.finishedAt.map(isoTime))
            outcome = Nullable(run.outcome?.rawValue)
            resolved = run.resolved
            requests = run.requests
            error = Nullable(run.error)
        }
    }

    var resolverLines: [String] {
        var lines: [String] = []
        if resolver.running, let pid = resolver.pid.value {
            lines.append("Syncing:  PID \(pid) running")
            if let done = progress.done.value, let total = progress.total.value {
                var line = "Progress: \(done)/\(total) (\(done * 100 / total)%)"
                if let rate = progress.ratePerMin.value { line += ", \(rate) refs/min" }
                line += ", ETA " + (progress.etaSeconds.value.map(duration) ?? "unknown")
                lines.append(line)
            } else if progress.done.value != nil {
                lines.append("Progress: starting, \(refs.pending) pending")
            }
            if let waiting = resolver.waiting.value { lines.append("Waiting:  \(waiting)") }
        } else if resolver.stale, let pid = resolver.pid.value {
            lines.append("Syncing:  Idle (stale resolver.pid: PID \(pid) is gone; the next hook or sync starts a new resolver)")
        } else {
            lines.append("Syncing:  Idle")
        }
        if let run = lastRun.value {
            var line = "Last run: \(run.outcome.value ?? "unfinished") at \(run.finishedAt.value ?? run.startedAt), "
                + "\(run.resolved) resolved, \(run.requests) request\(run.requests == 1 ? "" : "s")"
            if let error = run.error.value { line += ": \(error)" }
            lines.append(line)
        } else {
            lines.append("Last run: none yet")
        }
        return lines
    }
}

/// An optional that encodes as `null` instead of disappearing (synthesized `Encodable` omits nil).
public struct Nullable<Wrapped: Encodable>: Encodable {
    public var value: Wrapped?
    public init(_ value: Wrapped?) { self.value = value }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

func isoTime(_ date: Date) -> String {
    ISODate.utc(seconds: Int64(date.timeIntervalSince1970))
}

private func duration(_ seconds: Int) -> String {
    if seconds < 60 { return "\(seconds)s" }
    if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
    return "\(seconds / 3600)h \(seconds % 3600 / 60)m"
}

extension Nullable: Sendable where Wrapped: Sendable {}
