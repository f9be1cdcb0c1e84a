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

/// A real HTTP/1.1 server on 127.0.0.1 for tests and demos.
///
/// Hand-written on POSIX sockets so the client is exercised over genuine TCP (keep-alive, resets,
/// truncation, slow replies) with no dependency beyond the C library. It binds an ephemeral port,
/// runs one accept thread and one thread per connection (at most `maxConnections`), and stops
/// promptly: every blocking wait also watches a wake-up pipe that `stop()` writes to.
///
/// The handler runs on connection threads, possibly concurrently. A handler that captures the
/// server strongly keeps it alive: call `stop()` explicitly then, or use `Request.baseURL`.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public let method: String
        /// The request target as sent, query included, e.g. "/repos/o/r/pulls?page=2".
        public let path: String
        /// Names lower-cased; repeated headers joined with ", ".
        public let headers: [String: String]
        public let body: Data
        public let receivedAt: ContinuousClock.Instant
        /// 1 for the first connection accepted, 2 for the next, …: equal IDs mean a reused connection.
        public let connectionID: Int
        /// "http://127.0.0.1:PORT", so handlers can build absolute URLs (pagination `Link` headers)
        /// without capturing the server.
        public let baseURL: String

        /// Public so a fake forge's handler can be unit-tested without a socket.
        public init(method: String, path: String, headers: [String: String] = [:], body: Data = Data(),
                    receivedAt: ContinuousClock.Instant = .now, connectionID: Int = 1,
                    baseURL: String = "http://127.0.0.1:0") {
            self.method = method
            self.path = path
            self.headers = headers
            self.body = body
            self.receivedAt = receivedAt
            self.connectionID = connectionID
            self.baseURL = baseURL
        }
    }

    public indirect enum Reply: Sendable {
        /// A normal response; `Content-Length` is added unless given.
        case response(status: Int, headers: [(String, String)], body: Data)
        /// Closes the socket abruptly (RST, SO_LINGER 0) without answering.
        case reset
        /// Closes the socket cleanly without answering.
        case close
        /// Sends the head at once, then the body `bytesPerChunk` at a time, `interval` apart.
        case drip(status: Int, headers: [(String, String)], body: Data, bytesPerChunk: Int, interval: Duration)
        /// Announces the whole body in `Content-Length`, sends only `sendBytes` of it, then closes.
        case truncated(status: Int, headers: [(String, String)], body: Data, sendBytes: Int)
        /// Waits, then sends `reply`; the wait ends early when the server stops.
        case delay(Duration, Reply)

        public static func status(_ status: Int, headers: [(String, String)] = []) -> Reply {
            .response(status: status, headers: headers, body: Data())
        }

        public static func text(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> Reply {
            .response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")] + headers,
                      body: Data(text.utf8))
        }

        public static func json(_ json: String, status: Int = 200, headers: [(String, String)] = []) -> Reply {
            .response(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
                      body: Data(json.utf8))
        }
    }

    public struct StartError: Error, CustomStringConvertible {
        public let operation: String
        public let code: Int32
        public var description: String { "LoopbackHTTPServer: \(operation) failed: \(String(cString: strerror(code)))" }
    }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let state: LoopbackServerState

    /// Binds 127.0.0.1 on an ephemeral port and starts accepting.
    /// - Parameters:
    ///   - maxConnections: connections served at once; more are closed on accept, which keeps the
    ///     thread count bounded whatever a test does.
    ///   - historyLimit: how many requests `requests` keeps (the oldest go first), so a long-running
    ///     demo server does not grow without bound. 0 keeps none.
    ///   - handler: turns each request into a reply; called on a connection thread.
    public init(
        maxConnections: Int = 64, historyLimit: Int = 10_000,
        handler: @escaping @Sendable (Request) -> Reply
    ) throws(StartError) {
        let (listener, port) = try Self.openListener()
        self.port = port
        var wake: [Int32] = [-1, -1]
        guard pipe(&wake) == 0 else {
            let code = errno
            close(listener)
            throw StartError(operation: "pipe", code: code)
        }
        for fd in wake { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        state = LoopbackServerState(
            listener: listener, wakeRead: wake[0], wakeWrite: wake[1], baseURL: "http://127.0.0.1:\(port)",
            maxConnections: maxConnections, historyLimit: historyLimit, handler: handler)
        guard state.startAcceptThread() else {
            throw StartError(operation: "pthread_create", code: EAGAIN)
        }
    }

    deinit {
        stop()
    }

    /// The requests received so far (the last `historyLimit` of them), in arrival order.
    public var requests: [Request] { state.locked { $0.requests } }

    public var connectionsAccepted: Int { state.locked { $0.connectionsAccepted } }

    /// Stops accepting, wakes every connection thread (even mid-delay or mid-drip) and waits for
    /// them, for at most `timeout` so a handler stuck in its own code cannot hang a test. Idempotent.
    public func stop(timeout: Duration = .seconds(2)) {
        state.stop(timeout: timeout)
    }

    public func url(_ path: String) -> URL {
        URL(string: baseURL + path)!
    }

    private static func openListener() throws(StartError) -> (Int32, Int) {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw StartError(operation: "socket", code: errno) }
        // Not inherited by processes a demo server (or the code under test) spawns.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let failure: (String) -> StartError = { operation in
            let code = errno
            close(fd)
            return StartError(operation: operation, code: code)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw failure("bind") }
        guard listen(fd, 128) == 0 else { throw failure("listen") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw failure("getsockname") }
        // Non-blocking so a connection that vanishes between poll() and accept() cannot wedge the loop.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
