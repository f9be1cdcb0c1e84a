import Foundation

/// Why the transport gave up on a request; each ends the run with a matching outcome.
enum ResolverStop: Error, Equatable {
    /// `shouldStop()` turned true (Ctrl-C, SIGTERM).
    case interrupted
    /// The forge asked us to wait longer than a run waits; `until` is saved for the next run.
    case rateLimited(until: Date, reason: String)
    /// Retries exhausted on 5xx, network errors or malformed answers.
    case unavailable(String)
    /// An answer no retry changes: bad credentials, no permission, a rejected query.
    case rejected(String)
    /// The repository cannot be seen without a token. Not the references' fault: they are not
    /// charged an attempt, and are asked again once the user has set one.
    case needsToken(String)
    /// A 502/504 on a batch request: the caller halves the batch and tries again.
    case batchTooLarge
}
