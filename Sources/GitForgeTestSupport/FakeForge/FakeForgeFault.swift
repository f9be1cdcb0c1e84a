import Foundation

/// A misbehaviour the fake forge plays instead of answering, once per queued copy.
public enum FakeForgeFault: Sendable, Equatable {
    /// A plain error status (500, 502, 503, …) with a small JSON body.
    case status(Int)
    /// The connection is reset without an answer.
    case reset
    /// The correct answer, after a delay.
    case slow(Duration)
    /// The correct answer, announced in full but cut short.
    case truncated
    /// A 200 whose body is not JSON.
    case malformedJSON
    /// A 200 whose body is valid JSON of the wrong shape (an object where a list or an item goes,
    /// strings where numbers go).
    case wrongShape
    /// The correct answer, its body sent `bytesPerChunk` at a time, `interval` apart.
    case drip(bytesPerChunk: Int, interval: Duration)
    /// GitHub's secondary limit: 403 "You have exceeded a secondary rate limit", `Retry-After` when given.
    case secondaryLimit(retryAfter: Int?)
    /// 429 with `Retry-After`.
    case tooManyRequests(retryAfter: Int)
    /// The primary quota is gone: 403 (GitHub) / 429 (others) with remaining 0 and a reset time.
    case exhausted(resetIn: Int)
    /// GitHub GraphQL: a 200 carrying a `RATE_LIMITED` error.
    case graphQLRateLimited
    /// GitHub GraphQL: a 200 carrying only an error with this `message` (forge text a client
    /// must never print raw).
    case graphQLError(message: String)
    /// A rate-limit answer (`status`: 403 or 429) with exactly these headers, however odd
    /// (`X-RateLimit-Reset: 99999999999`, `Retry-After: inf`).
    case limited(status: Int, headers: [String: String])
    /// The correct answer with its `ETag` replaced by `etag`.
    case etag(String)
}
