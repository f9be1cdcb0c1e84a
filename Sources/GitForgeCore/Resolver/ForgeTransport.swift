import Foundation

/// The one way forge clients reach the network: sequential requests never closer than the pacing
/// floor, the token only to the API's own origin, rate limits waited out (or the run ended when
/// the wait is long), 5xx and network errors retried with bounded exponential backoff and jitter.
///
/// Every wait deadline is saved through `saveDeadline` before sleeping, so a resolver killed while
/// waiting and started again does not hit the forge early.
final class ForgeTransport {
    struct Policy: Sendable {
        var pace: Duration
        /// Longest wait a run sits through; a longer one ends the run `rateLimited`.
        var maxWait: Duration
        var retryBase: Duration
        var maxRetries: Int
        /// A secondary limit with no `Retry-After` or reset: GitHub says wait at least a minute.
        var secondaryWait: Duration
    }

    private let http: any HTTPClient
    private let origin: URLPolicy.Origin?
    private let credential: (name: String, value: String)?
    /// Where the token came from ("GITHUB_TOKEN", "git credential"), to name it when it is refused.
    private let credentialSource: String?
    private let extraHeaders: [(String, String)]
    private let policy: Policy
    private let shouldStop: @Sendable () -> Bool
    private let saveDeadline: (Date) -> Void
    private var notBefore: Date
    private var lastSent: ContinuousClock.Instant?
    /// Requests sent so far, retries included.
    private(set) var requests = 0

    init(http: any HTTPClient, apiURL: URL, credential: (name: String, value: String)?, credentialSource: String? = nil,
         headers: [(String, String)], policy: Policy, notBefore: Date,
         shouldStop: @escaping @Sendable () -> Bool, saveDeadline: @escaping (Date) -> Void) {
        self.http = http
        origin = URLPolicy.Origin(apiURL)
        self.credential = credential
        self.credentialSource = credentialSource
        extraHeaders = headers
        self.policy = policy
        self.notBefore = notBefore
        self.shouldStop = shouldStop
        self.saveDeadline = saveDeadline
    }

    /// Sends `request` until it gets an answer `interpret` accepts, or gives up.
    /// - Parameters:
    ///   - splittable: a 502/504 throws `.batchTooLarge` instead of retrying the same batch.
    ///   - interpret: turns a response that is not a limit or server error into the caller's
    ///     value; it may throw `ForgeReplyProblem` to have it retried, waited out, or rejected.
    func send<T>(_ request: HTTPRequest, splittable: Bool = false,
                 interpret: (HTTPResponse) throws -> T) throws -> T {
        var request = request
        for (name, value) in extraHeaders where !request.headers.contains(name) {
            request.headers[name] = value
        }
        let sendsToken = credential != nil && URLPolicy.Origin(request.url) == origin
        if let credential, sendsToken {
            request.headers[credential.name] = credential.value
        }
        var failures = 0
        var limited = 0
        while true {
            try waitForTurn()
            requests += 1
            let response: HTTPResponse
            // The floor runs from the end of the previous exchange, so the forge sees at least
            // `pace` between our requests however long its answers take.
            defer { lastSent = .now }
            do {
                response = try http.send(request)
            } catch {
                guard error.isTransient else { throw ResolverStop.unavailable(error.description) }
                failures += 1
                try backOff(failures, reason: error.description)
                continue
            }
            let limits = RateLimitHeaders(response.headers)
            if RateLimitHeaders.isRateLimited(response) {
                limited += 1
                try waitOut(limits, attempt: limited, reason: "HTTP \(response.status) rate limit")
                continue
            }
            if response.status >= 500 {
                if splittable, response.status == 502 || response.status == 504 { throw ResolverStop.batchTooLarge }
                failures += 1
                try backOff(failures, reason: "HTTP \(response.status) from \(URLPolicy.describe(request.method, request.url))")
                continue
            }
            if response.status == 401 || response.status == 403 {
                throw ResolverStop.rejected(refusal(response.status, request, sentToken: sendsToken))
            }
            do {
                let value = try interpret(response)
                if limits.exhausted, let reset = limits.reset {
                    postpone(until: reset.addingTimeInterval(1))
                } else {
                    spread(limits)
                }
                return value
            } catch let problem as ForgeReplyProblem {
                switch problem {
                case let .malformed(reason):
                    failures += 1
                    try backOff(failures, reason: "\(reason) from \(URLPolicy.describe(request.method, request.url))")
                case let .rateLimited(reason):
                    limited += 1
                    try waitOut(limits, attempt: limited, reason: reason)
                case let .rejected(reason):
                    throw ResolverStop.rejected(reason)
                }
            }
        }
    }

    /// A 401 or 403, naming the token's source: with several places a token may come from, "check
    /// the token" alone leaves the user guessing which one was sent.
    private func refusal(_ status: Int, _ request: HTTPRequest, sentToken: Bool) -> String {
        let target = URLPolicy.describe(request.method, request.url)
        // "GITHUB_TOKEN was rejected", "the token from git credential was rejected".
        let token = !sentToken ? nil : credentialSource.map { $0.hasPrefix("git ") ? "the token from \($0)" : $0 } ?? "the token"
        if status == 401 {
            guard let token else { return "the forge asked for credentials (HTTP 401) for \(target), and no token was sent" }
            return "\(token) was rejected (HTTP 401) for \(target); check or replace it"
        }
        return "the forge refused access (HTTP 403) to \(target)" + (token.map { " with \($0)" } ?? "")
    }

    /// Below this many requests left, the rest of the quota is spread until its reset.
    static let spreadBelow = 100

    /// With few requests left, spends them evenly until the quota resets (FORGE-APIS.md, 2.6)
    /// rather than at the pacing floor and then waiting out the reset: other tools using the same
    /// token or address keep a share. Only while the gap fits in `maxWait`; a quota too small for
    /// that (60 an hour unauthenticated is 60 s apart, still fine) is spent at the floor as before.
    private func spread(_ limits: RateLimitHeaders) {
        guard let remaining = limits.remaining, remaining > 0, remaining < Self.spreadBelow,
              let reset = limits.reset else { return }
        let gap = reset.timeIntervalSinceNow / Double(remaining)
        guard gap > policy.pace.seconds, gap <= policy.maxWait.seconds else { return }
        postpone(until: Date().addingTimeInterval(gap))
    }

    /// Pushes the next request back to `date` and saves the deadline.
    func postpone(until date: Date) {
        guard date > notBefore else { return }
        notBefore = date
        saveDeadline(date)
    }

    private func waitOut(_ limits: RateLimitHeaders, attempt: Int, reason: String) throws {
        let now = Date()
        var until: Date
        if let retryAfter = limits.retryAfter {
            until = now.addingTimeInterval(retryAfter)
        } else if limits.exhausted, let reset = limits.reset {
            until = max(reset.addingTimeInterval(1), now)
        } else {
            until = now.addingTimeInterval(policy.secondaryWait.seconds * pow(2, Double(attempt - 1)))
        }
        postpone(until: until)
        // A wait the run will not sit through ends it here, so the error names the forge's
        // answer ("HTTP 403 rate limit") rather than only the deadline it led to.
        if attempt > policy.maxRetries || notBefore.timeIntervalSinceNow > policy.maxWait.seconds {
            throw ResolverStop.rateLimited(until: notBefore, reason: reason)
        }
    }

    private func backOff(_ failures: Int, reason: String) throws {
        let base = policy.retryBase.seconds * pow(2, Double(failures - 1))
        let delay = min(base, 60) * Double.random(in: 0.5...1.0)
        postpone(until: Date().addingTimeInterval(delay))
        if failures > policy.maxRetries {
            throw ResolverStop.unavailable("\(reason) (gave up after \(failures) attempts)")
        }
    }

    /// Sleeps until both the pacing floor and any saved deadline have passed, in short steps so
    /// a stop request is noticed at once. A deadline beyond `maxWait` ends the run instead.
    private func waitForTurn() throws {
        let wall = notBefore.timeIntervalSinceNow
        if wall > policy.maxWait.seconds {
            throw ResolverStop.rateLimited(until: notBefore, reason: "the forge asked to wait until \(Self.iso(notBefore))")
        }
        // Rounded up: a wait a hair short of `Retry-After` is still too early.
        var deadline = ContinuousClock.now.advanced(by: .microseconds(Int64((max(0, wall) * 1e6).rounded(.up)) + 1000))
        if let lastSent { deadline = max(deadline, lastSent.advanced(by: policy.pace)) }
        while true {
            if shouldStop() { throw ResolverStop.interrupted }
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { return }
            Thread.sleep(forTimeInterval: min(left, .milliseconds(50)).seconds)
        }
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
