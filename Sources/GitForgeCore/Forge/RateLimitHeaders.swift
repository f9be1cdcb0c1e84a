import Foundation

/// What a response's headers say about the forge's limits: GitHub's `X-RateLimit-*`, GitLab's
/// `RateLimit-*`, and `Retry-After` from anyone.
struct RateLimitHeaders: Equatable {
    var remaining: Int?
    /// Unix time when the quota refills.
    var reset: Date?
    /// Seconds to wait, from `Retry-After` (delta-seconds; an HTTP date is converted).
    var retryAfter: Double?

    init(_ headers: HTTPHeaders, now: Date = Date()) {
        remaining = (headers["x-ratelimit-remaining"] ?? headers["ratelimit-remaining"]).flatMap { Int($0.trimmingSpaces) }
        reset = (headers["x-ratelimit-reset"] ?? headers["ratelimit-reset"])
            .flatMap { Double($0.trimmingSpaces) }.map { Date(timeIntervalSince1970: $0) }
        if let raw = headers["retry-after"]?.trimmingSpaces {
            if let seconds = Double(raw) {
                retryAfter = max(0, seconds)
            } else if let date = Self.httpDate(raw) {
                retryAfter = max(0, date.timeIntervalSince(now))
            }
        }
    }

    var exhausted: Bool { remaining == 0 }

    /// GitHub's secondary limit comes as a 403 (sometimes 429) whose body says so, or with
    /// `Retry-After`, or with the primary quota at zero; any other 403 is a permission problem.
    static func isRateLimited(_ response: HTTPResponse) -> Bool {
        if response.status == 429 { return true }
        guard response.status == 403 else { return false }
        let limits = RateLimitHeaders(response.headers)
        if limits.retryAfter != nil || limits.exhausted { return true }
        let body = String(decoding: response.body.prefix(2048), as: UTF8.self).lowercased()
        return body.contains("rate limit")
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
