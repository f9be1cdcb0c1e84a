#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The production `HTTPClient`, backed by libcurl.
///
/// Creating one is free: libcurl is loaded and the easy handle made on the first `send`, so a
/// command that builds a context but never goes online does not pay for it. The one handle is then
/// reused so consecutive API calls share a kept-alive connection.
public final class CurlHTTPClient: HTTPClient, @unchecked Sendable {
    public let configuration: Configuration
    /// Sent as `User-Agent`: forges ask API clients to identify themselves.
    public let userAgent: String

    // Guarded by `lock`: an easy handle must never be used by two threads at once.
    private var easy: CurlEasy?
    private let lock = TransferLock()

    /// - Parameters:
    ///   - version: git forge's version, sent as `User-Agent: git-forge/<version>`.
    ///   - configuration: timeouts, proxy and CA file; see `Configuration`.
    public init(version: String, configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.userAgent = "git-forge/\(version)"
    }

    /// Loads libcurl now instead of on the first request, so a command (or `doctor`) can report a
    /// missing libcurl before doing any work.
    /// - Returns: libcurl's version string.
    /// - Throws: `HTTPError` of kind `.libraryUnavailable`.
    @discardableResult
    public static func loadLibrary() throws(HTTPError) -> String {
        try CurlLibrary.load()
        return CurlLibrary.version ?? "libcurl"
    }

    /// Sends `request`, following up to `configuration.maxRedirects` redirects itself.
    ///
    /// Every hop is checked against the URL policy before connecting, and credential headers
    /// (`HTTPRequest.credentialHeaderNames`) are dropped as soon as a hop leaves the original
    /// scheme+host+port. Non-2xx statuses are returned, not thrown.
    /// - Throws: `HTTPError` for anything that prevented a complete HTTP response.
    public func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }

        var current = request
        var redirects = 0
        while true {
            try URLPolicy.check(current.url, method: current.method)
            let reply = try handle(for: current).perform(current, configuration, userAgent: userAgent)
            guard RedirectPolicy.isRedirect(reply.status),
                  let location = reply.redirectURL, let target = URL(string: location)
            else {
                return HTTPResponse(status: reply.status, headers: reply.headers, body: reply.body, url: current.url)
            }
            guard redirects < configuration.maxRedirects else {
                throw HTTPError(kind: .tooManyRedirects, operation: URLPolicy.describe(request.method, request.url),
                                message: "gave up after \(redirects) redirects (last to \(URLPolicy.redacted(target)))")
            }
            redirects += 1
            current = RedirectPolicy.follow(current, status: reply.status, to: target)
        }
    }

    private func handle(for request: HTTPRequest) throws(HTTPError) -> CurlEasy {
        if let easy { return easy }
        do {
            let created = try CurlEasy()
            easy = created
            return created
        } catch {
            var failure = error
            failure.operation = URLPolicy.describe(request.method, request.url)
            throw failure
        }
    }
}

/// A plain pthread mutex: `Synchronization.Mutex` needs macOS 15 and NSLock needs full Foundation.
private final class TransferLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
}
