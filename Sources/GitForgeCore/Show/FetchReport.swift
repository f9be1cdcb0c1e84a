extension CommandContext {
    /// Runs a `--fetch` and says on stderr what happened when it was not simply done: the view is
    /// shown afterwards either way, with what the store then holds.
    public func fetchReportingOutcome(_ fetch: ((Int32?) -> Void) throws -> SurgicalFetch.Outcome) throws {
        let outcome = try fetch { pid in
            printError("Waiting for the background resolver\(pid.map { " (pid \($0))" } ?? "") to fetch them first...")
        }
        switch outcome {
        case .upToDate, .answeredByResolver:
            break
        case let .fetched(run):
            guard run.outcome != .completed else { break }
            printError("warning: fetching stopped (\(run.outcome?.rawValue ?? "unfinished"))"
                + (run.error.map { ": \($0)" } ?? "") + "; showing what the store has")
        case let .timedOut(pid):
            printError("warning: the background resolver\(pid.map { " (pid \($0))" } ?? "") did not fetch them "
                + "within 30 seconds; showing what the store has (see 'git forge status')")
        }
    }
}
