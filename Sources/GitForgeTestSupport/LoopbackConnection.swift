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

/// Serves one accepted socket: parses HTTP/1.1 requests (Content-Length bodies, keep-alive,
/// `Expect: 100-continue`) and plays back the handler's replies, well-behaved or not.
final class LoopbackConnection {
    typealias Reply = LoopbackHTTPServer.Reply

    private static let maxHeadBytes = 64 << 10
    private static let maxBodyBytes = 64 << 20

    private let fd: Int32
    private let id: Int
    private let server: LoopbackServerState
    /// Bytes received but not yet consumed: the start of the next pipelined request, if any.
    private var pending: [UInt8] = []

    init(fd: Int32, id: Int, server: LoopbackServerState) {
        self.fd = fd
        self.id = id
        self.server = server
    }

    /// Socket options for an accepted connection: blocking reads (interruptible through poll),
    /// bounded sends so a client that stops reading cannot pin the thread, no SIGPIPE, no Nagle.
    static func prepare(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
        var sendTimeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func serve() {
        defer { close(fd) }
        while !server.isStopping {
            guard let head = readHead() else { return }
            guard let parsed = RequestHead(head) else {
                _ = send(.text("bad request\n", status: 400), keepAlive: false, isHead: false)
                return
            }
            if parsed.headers["transfer-encoding"] != nil {
                _ = send(.text("chunked request bodies are not supported\n", status: 501), keepAlive: false, isHead: false)
                return
            }
            guard let length = Int(parsed.headers["content-length"] ?? "0"), length >= 0 else {
                _ = send(.text("bad content-length\n", status: 400), keepAlive: false, isHead: false)
                return
            }
            guard length <= Self.maxBodyBytes else {
                _ = send(.text("body too large\n", status: 413), keepAlive: false, isHead: false)
                return
            }
            if parsed.headers["expect"]?.lowercased() == "100-continue" {
                guard writeAll(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            guard let body = readBody(length) else { return }

            let request = LoopbackHTTPServer.Request(
                method: parsed.method, path: parsed.target, headers: parsed.headers, body: Data(body),
                receivedAt: .now, connectionID: id, baseURL: server.baseURL)
            server.record(request)
            let reply = server.handler(request)
            guard send(reply, keepAlive: parsed.keepAlive, isHead: parsed.method == "HEAD") else { return }
        }
    }

    // MARK: Reading

    private func readHead() -> [UInt8]? {
        var searchFrom = 0
        while true {
            // Tolerate stray CRLFs between requests (RFC 9112 §2.2).
            while let first = pending.first, first == 0x0D || first == 0x0A { pending.removeFirst() }
            // Anything that cannot start a method (a TLS ClientHello, say) is rejected at once
            // instead of waiting for a blank line that never comes.
            if let first = pending.first, !(0x41...0x5A).contains(first) { return [] }
            if let end = findHeadEnd(from: searchFrom) {
                let head = Array(pending[..<end])
                pending.removeFirst(end + 4)
                return head
            }
            guard pending.count <= Self.maxHeadBytes else { return [] }
            searchFrom = max(0, pending.count - 3)
            guard receive() else { return nil }
        }
    }

    private func findHeadEnd(from start: Int) -> Int? {
        guard pending.count >= 4 else { return nil }
        var index = start
        while index + 3 < pending.count {
            if pending[index] == 0x0D, pending[index + 1] == 0x0A, pending[index + 2] == 0x0D, pending[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        return nil
    }

    private func readBody(_ length: Int) -> [UInt8]? {
        while pending.count < length {
            guard receive() else { return nil }
        }
        let body = Array(pending[..<length])
        pending.removeFirst(length)
        return body
    }

    /// Waits for bytes or for the server to stop; false on EOF, error or stop.
    private func receive() -> Bool {
        var watched = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: server.wakeRead, events: Int16(POLLIN), revents: 0)]
        while true {
            if poll(&watched, 2, -1) < 0 {
                if errno == EINTR { continue }
                return false
            }
            if watched[1].revents != 0 { return false }
            var chunk = [UInt8](repeating: 0, count: 16 << 10)
            let count = recv(fd, &chunk, chunk.count, 0)
            if count > 0 {
                pending.append(contentsOf: chunk[..<count])
                return true
            }
            if count < 0 && errno == EINTR { continue }
            return false
        }
    }

    // MARK: Writing

    /// Plays back one reply; returns whether the connection may carry another request.
    private func send(_ reply: Reply, keepAlive: Bool, isHead: Bool) -> Bool {
        switch reply {
        case let .response(status, headers, body):
            let close = !keepAlive || Self.asksToClose(headers)
            var bytes = Self.head(status, headers, contentLength: body.count, close: close)
            if !isHead && Self.mayHaveBody(status) { bytes += body }
            return writeAll(bytes) && !close
        case .reset:
            var abort = linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, socklen_t(MemoryLayout<linger>.size))
            return false
        case .close:
            return false
        case let .drip(status, headers, body, bytesPerChunk, interval):
            let close = !keepAlive || Self.asksToClose(headers)
            guard writeAll(Self.head(status, headers, contentLength: body.count, close: close)) else { return false }
            if isHead || !Self.mayHaveBody(status) { return !close }
            let step = max(1, bytesPerChunk)
            for start in stride(from: 0, to: body.count, by: step) {
                if start > 0 { guard server.sleep(interval) else { return false } }
                guard writeAll(Array(body[body.startIndex + start ..< body.startIndex + min(start + step, body.count)])) else {
                    return false
                }
            }
            return !close
        case let .truncated(status, headers, body, sendBytes):
            var bytes = Self.head(status, headers, contentLength: body.count, close: true)
            bytes += body.prefix(max(0, min(sendBytes, body.count)))
            _ = writeAll(bytes)
            return false
        case let .delay(duration, inner):
            guard server.sleep(duration) else { return false }
            return send(inner, keepAlive: keepAlive, isHead: isHead)
        }
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { socketSend(fd, $0.baseAddress, $0.count, flags) }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    private static func head(_ status: Int, _ headers: [(String, String)], contentLength: Int, close: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason(status))\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if mayHaveBody(status), !headers.contains(where: { $0.0.lowercased() == "content-length" }) {
            text += "Content-Length: \(contentLength)\r\n"
        }
        if close, !asksToClose(headers) { text += "Connection: close\r\n" }
        return Array((text + "\r\n").utf8)
    }

    private static func asksToClose(_ headers: [(String, String)]) -> Bool {
        headers.contains { $0.0.lowercased() == "connection" && $0.1.lowercased().contains("close") }
    }

    private static func mayHaveBody(_ status: Int) -> Bool {
        !(100..<200).contains(status) && status != 204 && status != 304
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}

/// The request line and header fields of one request.
private struct RequestHead {
    let method: String
    let target: String
    let headers: [String: String]
    let keepAlive: Bool

    init?(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let parts = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
        method = String(parts[0])
        target = String(parts[1])
        var headers: [String: String] = [:]
        var lastName: String?
        for line in lines.dropFirst() {
            if let first = line.first, first == " " || first == "\t", let name = lastName {
                headers[name, default: ""] += " " + trimmed(line)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let name = line[..<colon].lowercased()
            let value = trimmed(line[line.index(after: colon)...])
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
            lastName = name
        }
        self.headers = headers
        let connection = headers["connection"]?.lowercased() ?? ""
        keepAlive = parts[2] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
    }
}

private func trimmed(_ text: Substring) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let start = text.firstIndex(where: { !isBlank($0) }), let end = text.lastIndex(where: { !isBlank($0) }) else {
        return ""
    }
    return String(text[start...end])
}

/// `send` at file scope, where the connection's own `send(_:keepAlive:isHead:)` does not shadow it.
private func socketSend(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int, _ flags: Int32) -> Int {
    send(fd, bytes, count, flags)
}
