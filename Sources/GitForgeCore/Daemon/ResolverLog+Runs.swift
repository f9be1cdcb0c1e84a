import Foundation

/// How every resolver run reads in `resolver.log`, background or foreground: a wait the moment
/// it starts, progress every 10 s, one line when it ends.
extension ResolverLog {
    /// A progress callback that logs the run as it goes.
    public func progressLogger() -> (ResolverProgress) -> Void {
        var lastLine = Date.distantPast
        var lastWait: ResolverWait?
        var loggedDone = -1
        return { [self] progress in
            if let wait = progress.wait, wait != lastWait { write("waiting: \(wait.text)") }
            lastWait = progress.wait
            let reachedEnd = progress.done == progress.total && progress.done != loggedDone
            guard Date().timeIntervalSince(lastLine) >= 10 || reachedEnd else { return }
            lastLine = Date()
            loggedDone = progress.done
            write("progress: \(progress.done)/\(progress.total), \(progress.requests) requests"
                  + Self.others(refreshed: progress.refreshed, associated: progress.associated)
                  + (progress.message.map { ": \($0)" } ?? ""))
        }
    }

    /// The line that ends a run: `run 7 completed: 5 of 5 resolved, 8 requests`.
    public func finished(_ run: ResolverRun) {
        let outcome = run.outcome?.rawValue ?? "unfinished"
        write("run \(run.id) \(outcome): \(run.resolved) of \(run.total) resolved, \(run.requests) requests"
              + (run.error.map { "; error: \($0)" } ?? ""))
    }

    /// ", 3 refreshed, 40 commits asked", or nothing: counted apart from references.
    static func others(refreshed: Int, associated: Int) -> String {
        (refreshed > 0 ? ", \(refreshed) refreshed" : "")
            + (associated > 0 ? ", \(associated) commit\(associated == 1 ? "" : "s") asked" : "")
    }
}
