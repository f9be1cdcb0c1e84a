import Foundation

/// Set by SIGINT/SIGTERM; read by the resolver between requests so Ctrl-C ends the run cleanly
/// with everything so far saved.
nonisolated(unsafe) private var stopRequested: sig_atomic_t = 0

extension SyncCommand {
    /// `git forge sync --foreground [--limit N]` and `--rebuild`: resolves in this terminal, with a
    /// progress bar on a TTY and plain lines otherwise. Exit 0 when the run completes (or a background
    /// resolver is already at it), 130 after Ctrl-C, 1 when the forge stopped it.
    static func runForeground(_ context: CommandContext, _ workspace: Workspace, limit: Int?, rebuild: Bool) throws {
        stopRequested = 0
        signal(SIGINT) { _ in stopRequested = 1 }
        signal(SIGTERM) { _ in stopRequested = 1 }
        defer {
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        let renderer = ProgressRenderer(errors: context.errors, tty: context.terminal.stderrIsTTY)
        let result = try context.reportingErrors {
            try ForegroundSync.run(workspace: workspace, limit: limit, rebuild: rebuild,
                                   shouldStop: { stopRequested != 0 }, progress: renderer.update)
        }
        renderer.finish()
        switch result {
        case let .busy(pid):
            let who = pid.map { " (pid \($0))" } ?? ""
            context.print(rebuild ? "A background resolver is running\(who); it will refetch everything."
                          : "A background resolver is already running\(who); see 'git forge status'.")
        case let .ran(run):
            // References, the unit of `status` and the progress bar; refreshes and commits apart.
            let s = run.resolved == 1 ? "" : "s"
            let r = run.requests == 1 ? "" : "s"
            let others = renderer.others
            switch run.outcome {
            case .completed?, nil:
                context.print("Resolved \(run.resolved) reference\(s)\(others) in \(run.requests) request\(r).")
            case .interrupted?:
                context.print("Interrupted: \(run.resolved) reference\(s) resolved and saved\(others); run 'git forge sync' to continue.")
                throw CommandExit(status: 130)
            case .rateLimited?, .failed?:
                context.print("Resolved \(run.resolved) reference\(s)\(others) in \(run.requests) request\(r) before stopping.")
                context.printError("error: \(run.error ?? "the resolver stopped"); what was resolved is saved")
                throw CommandExit.failure
            }
        }
    }
}

/// Draws `done/total  rate  ETA` in place on a terminal, or a plain line every few seconds. A
/// wait is said on its own line the moment it starts: minutes of silence look like a hang.
private final class ProgressRenderer {
    private let errors: OutputSink
    private let tty: Bool
    private let start = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var drewBar = false
    private var last: ResolverProgress?

    init(errors: OutputSink, tty: Bool) {
        self.errors = errors
        self.tty = tty
    }

    /// ", 3 refreshed, 40 commits asked" from the last report, or nothing.
    var others: String {
        guard let last else { return "" }
        return (last.refreshed > 0 ? ", \(last.refreshed) refreshed" : "")
            + (last.associated > 0 ? ", \(last.associated) commit\(last.associated == 1 ? "" : "s") asked" : "")
    }

    func update(_ progress: ResolverProgress) {
        let previousWait = last?.wait
        last = progress
        if let wait = progress.wait, wait != previousWait {
            if drewBar { errors.write("\r\u{1B}[K") }
            errors.write("\(wait.text)\n")
            lastDrawn = nil
        }
        let now = ContinuousClock.now
        if let lastDrawn, lastDrawn.duration(to: now) < (tty ? .milliseconds(100) : .seconds(5)) { return }
        lastDrawn = now
        draw(progress)
    }

    func finish() {
        if let last, !tty || drewBar { draw(last) }
        if drewBar { errors.write("\n") }
    }

    private func draw(_ p: ResolverProgress) {
        let elapsed = max(0.001, Double(start.duration(to: .now).components.seconds)
            + Double(start.duration(to: .now).components.attoseconds) / 1e18)
        let rate = Double(p.done) / elapsed
        let left = max(0, p.total - p.done)
        let eta = rate > 0 ? Self.clock(Double(left) / rate) : "--"
        var counts = "\(p.done)/\(p.total)  \(String(format: "%.1f", rate))/s  ETA \(eta)  \(p.requests) requests"
        if let message = p.message { counts += "  \(message)" }
        if tty {
            let width = 24
            let filled = p.total > 0 ? min(width, width * p.done / p.total) : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            errors.write("\r\u{1B}[K[\(bar)] \(counts)")
            drewBar = true
        } else {
            errors.write("resolving: \(counts)\n")
        }
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" : "\(s / 60)m\(String(format: "%02d", s % 60))s"
    }
}
