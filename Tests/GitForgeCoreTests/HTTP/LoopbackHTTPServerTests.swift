import Foundation
import Testing
import GitForgeTestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite("LoopbackHTTPServer", .tags(.network))
struct LoopbackHTTPServerTests {
    @Test func stopReturnsPromptlyWithBusyAndIdleConnections() throws {
        // Given: one connection idle in keep-alive, one waiting on a long delay
        let server = try LoopbackHTTPServer { _ in .delay(.seconds(30), .status(200)) }
        let idle = try RawClient(port: server.port)
        let busy = try RawClient(port: server.port)
        try busy.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        try waitUntil { server.requests.count == 1 && server.connectionsAccepted == 2 }

        // When
        // (A thread left asleep would hold stop for its whole 10 s timeout; woken, it takes
        // milliseconds, up to a second or two on a loaded machine.)
        let clock = ContinuousClock()
        let start = clock.now
        server.stop(timeout: .seconds(10))

        // Then
        #expect(start.duration(to: clock.now) < .seconds(5))
        #expect(busy.readToEnd().isEmpty)
        #expect(idle.readToEnd().isEmpty)
    }

    @Test func servesPipelinedKeepAliveRequestsAndContinue() throws {
        let server = try LoopbackHTTPServer { request in .text("\(request.method) \(request.path) \(request.body.count)") }
        defer { server.stop() }
        let client = try RawClient(port: server.port)

        try client.write("POST /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /b?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let reply = String(decoding: client.readToEnd(), as: UTF8.self)

        #expect(reply.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"))
        #expect(reply.contains("POST /a 3"))
        #expect(reply.hasSuffix("GET /b?q=1 0"))
        #expect(reply.contains("Connection: close"))
        #expect(server.requests.map(\.connectionID) == [1, 1])
        #expect(server.requests.first?.body == Data("abc".utf8))
    }

    @Test func garbageGetsA400() throws {
        let server = try LoopbackHTTPServer { _ in .status(200) }
        defer { server.stop() }
        let client = try RawClient(port: server.port)

        try client.write("\u{16}\u{03}\u{01}binary")

        #expect(String(decoding: client.readToEnd(), as: UTF8.self).hasPrefix("HTTP/1.1 400 "))
        #expect(server.requests.isEmpty)
    }

    @Test func connectionsBeyondTheLimitAreClosed() throws {
        let server = try LoopbackHTTPServer(maxConnections: 1) { _ in .status(200) }
        defer { server.stop() }
        let first = try RawClient(port: server.port)
        try waitUntil { server.connectionsAccepted == 1 }

        let second = try RawClient(port: server.port)

        #expect(second.readToEnd().isEmpty)
        try first.write("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
        #expect(String(decoding: first.readToEnd(), as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
        #expect(server.connectionsAccepted == 1)
    }
}

private func waitUntil(_ condition: () -> Bool) throws {
    let deadline = ContinuousClock.now.advanced(by: .seconds(5))
    while !condition() {
        guard ContinuousClock.now < deadline else { throw CancellationError() }
        usleep(5_000)
    }
}

/// A bare TCP client, so the server can be tested without the HTTP client under test.
private final class RawClient {
    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func write(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw POSIXError(.EPIPE) }
    }

    /// Everything until the server closes (or 5 s pass).
    func readToEnd() -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return result }
            result += chunk[..<count]
        }
    }
}
