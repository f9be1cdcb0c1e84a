import Foundation
import Testing
@testable import GitForgeCore
import GitForgeTestSupport

@Suite("CurlHTTPClient failures", .tags(.network))
struct CurlHTTPClientFailureTests {
    @Test func delayedReplyTimesOut() throws {
        // Given
        let server = try LoopbackHTTPServer { _ in .delay(.seconds(10), .text("too late")) }
        defer { server.stop() }
        let client = HTTPTest.client(.init(timeout: .milliseconds(400)))

        // When
        let (error, elapsed) = HTTPTest.failure { () throws(HTTPError) in
            try client.send(HTTPTest.get(server.url("/slow")))
        }

        // Then
        #expect(error?.kind == .timeout)
        #expect(error?.curlCode == 28)
        #expect(error?.isTransient == true)
        #expect(elapsed < .seconds(3))
    }

    @Test func dripSlowerThanTheLowSpeedLimitTimesOut() throws {
        // Given: 10 bytes/s against a 1000 bytes/s floor, within a 10 s total budget
        let server = try LoopbackHTTPServer { _ in
            .drip(status: 200, headers: [], body: Data(count: 200), bytesPerChunk: 1, interval: .milliseconds(100))
        }
        defer { server.stop() }
        let client = HTTPTest.client(.init(timeout: .seconds(10), lowSpeedLimit: 1000, lowSpeedTime: .seconds(1)))

        // When
        let (error, elapsed) = HTTPTest.failure { () throws(HTTPError) in
            try client.send(HTTPTest.get(server.url("/drip")))
        }

        // Then
        #expect(error?.kind == .timeout)
        #expect(elapsed < .seconds(5))
    }

    @Test func resetIsAConnectionFailureAndTheClientRecovers() throws {
        // Given
        let server = try LoopbackHTTPServer { request in request.path == "/reset" ? .reset : .text("fine") }
        defer { server.stop() }
        let client = HTTPTest.client()
        _ = try client.send(HTTPTest.get(server.url("/warm-up")))

        // When
        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try client.send(HTTPTest.get(server.url("/reset")))
        }
        let after = try client.send(HTTPTest.get(server.url("/after")))

        // Then
        #expect(error?.kind == .connectionFailed)
        #expect(after.body == Data("fine".utf8))
    }

    @Test func closingWithoutAnAnswerIsAConnectionFailure() throws {
        let server = try LoopbackHTTPServer { _ in .close }
        defer { server.stop() }

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(HTTPTest.get(server.url("/")))
        }

        #expect(error?.kind == .connectionFailed)
    }

    @Test func refusedConnectionIsAConnectionFailure() throws {
        let server = try LoopbackHTTPServer { _ in .status(200) }
        let url = server.url("/")
        server.stop()

        let (error, elapsed) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(HTTPTest.get(url))
        }

        #expect(error?.kind == .connectionFailed)
        #expect(error?.curlCode == 7)
        #expect(elapsed < .seconds(2))
    }

    @Test func truncatedBodyIsABadResponse() throws {
        let server = try LoopbackHTTPServer { _ in
            .truncated(status: 200, headers: [], body: Data(count: 1000), sendBytes: 100)
        }
        defer { server.stop() }

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(HTTPTest.get(server.url("/")))
        }

        #expect(error?.kind == .badResponse)
        #expect(error?.curlCode == 18)
    }

    @Test func oversizedBodyIsABadResponse() throws {
        let server = try LoopbackHTTPServer { _ in .response(status: 200, headers: [], body: Data(count: 4096)) }
        defer { server.stop() }
        let client = HTTPTest.client(.init(maxResponseBytes: 1024))

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try client.send(HTTPTest.get(server.url("/")))
        }

        #expect(error?.kind == .badResponse)
        #expect(error?.message.contains("1024 bytes") == true)
    }

    @Test func theDefaultBodyCapIs32MB() throws {
        // A body past what the resolver ever needs (its largest, a 100-item page, is a few MB)
        // fails instead of being held in memory; the cap counts bytes after decompression.
        let server = try LoopbackHTTPServer { _ in .response(status: 200, headers: [], body: Data(count: (32 << 20) + 1)) }
        defer { server.stop() }
        #expect(CurlHTTPClient.Configuration().maxResponseBytes == 32 << 20)

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(HTTPTest.get(server.url("/")))
        }

        #expect(error?.kind == .badResponse)
        #expect(error?.message.contains("\(32 << 20) bytes") == true)
    }

    @Test func httpsToAPlainServerIsATLSFailure() throws {
        let server = try LoopbackHTTPServer { _ in .status(200) }
        defer { server.stop() }
        let url = URL(string: "https://127.0.0.1:\(server.port)/")!

        let (error, elapsed) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(HTTPTest.get(url))
        }

        #expect(error?.kind == .tls)
        #expect(elapsed < .seconds(3))
    }

    @Test(arguments: ["http://forge.invalid/api/v3", "http://10.1.2.3/", "http://127.0.0.1.nip.io/"])
    func plainHTTPToANonLoopbackHostIsRefusedBeforeConnecting(url: String) throws {
        // Given: a proxy that would see the request if the client ever tried to connect
        let proxy = try LoopbackHTTPServer { _ in .status(200) }
        defer { proxy.stop() }
        let client = HTTPTest.client(.init(proxy: proxy.baseURL))

        // When
        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try client.send(HTTPTest.get(URL(string: url)!, headers: ["Authorization": "Bearer \(HTTPTest.token)"]))
        }

        // Then
        #expect(error?.kind == .insecureURL)
        #expect(proxy.requests.isEmpty)
        #expect(proxy.connectionsAccepted == 0)
    }

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "https:///no-host"])
    func unsupportedURLsAreInvalid(url: String) throws {
        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(HTTPTest.get(URL(string: url)!))
        }

        #expect(error?.kind == .invalidURL)
    }

    @Test func headerWithALineBreakIsRejectedWithoutEchoingIt() throws {
        let server = try LoopbackHTTPServer { _ in .status(200) }
        defer { server.stop() }

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(
                HTTPTest.get(server.url("/"), headers: ["Authorization": "token \(HTTPTest.token)\n"]))
        }

        #expect(error?.kind == .invalidHeader)
        #expect(error?.message.contains("Authorization") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func invalidMethodIsRejected() throws {
        let server = try LoopbackHTTPServer { _ in .status(200) }
        defer { server.stop() }

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(HTTPRequest(method: HTTPMethod(rawValue: "GET / HTTP/1.1\r\nX-Injected: 1\r\n"),
                                                   url: server.url("/")))
        }

        #expect(error?.kind == .other)
        #expect(error?.description.contains("X-Injected") == false)
        #expect(server.requests.isEmpty)
    }

    @Test func configuredProxyIsUsedForHTTPSWithoutSeeingCredentials() throws {
        // Given: a "proxy" that refuses the CONNECT tunnel
        let proxy = try LoopbackHTTPServer { _ in .status(403) }
        defer { proxy.stop() }
        let client = HTTPTest.client(.init(proxy: proxy.baseURL))

        // When
        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try client.send(HTTPTest.get(URL(string: "https://forge.test/api/v1/version")!,
                                         headers: ["Authorization": "token \(HTTPTest.token)"]))
        }

        // Then
        #expect(error?.kind == .connectionFailed)
        let connect = try #require(proxy.requests.first)
        #expect(connect.method == "CONNECT")
        #expect(connect.path == "forge.test:443")
        #expect(connect.headers["authorization"] == nil)
    }

    @Test func unreadableCAFileIsATLSFailure() throws {
        let server = try LoopbackHTTPServer { _ in .status(200) }
        defer { server.stop() }
        let client = HTTPTest.client(.init(caInfo: "/nonexistent/ca-bundle.pem"))

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try client.send(HTTPTest.get(URL(string: "https://127.0.0.1:\(server.port)/")!))
        }

        #expect(error?.kind == .tls)
    }

    @Test func errorDescriptionsNeverContainTheToken() throws {
        // Given: a server that fails in every way a client sees, and a token in every credential header
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/reset": .reset
            case "/slow": .delay(.seconds(10), .status(200))
            case "/truncated": .truncated(status: 200, headers: [], body: Data(count: 100), sendBytes: 1)
            case "/insecure": .status(302, headers: [("Location", "http://forge.invalid/?private_token=\(HTTPTest.token)")])
            default: .status(302, headers: [("Location", "/loop?access_token=\(HTTPTest.token)")])
            }
        }
        defer { server.stop() }
        let client = HTTPTest.client(.init(timeout: .seconds(2), proxy: server.baseURL))
        let credentials: HTTPHeaders = ["Authorization": "Bearer \(HTTPTest.token)", "PRIVATE-TOKEN": HTTPTest.token]
        var errors: [HTTPError] = []

        // When
        for path in ["/reset", "/slow", "/truncated", "/insecure", "/loop?access_token=\(HTTPTest.token)"] {
            let (error, _) = HTTPTest.failure { () throws(HTTPError) in
                try client.send(HTTPTest.get(server.url(path), headers: credentials))
            }
            if let error { errors.append(error) }
        }
        let (badHeader, _) = HTTPTest.failure { () throws(HTTPError) in
            try client.send(HTTPTest.get(server.url("/"), headers: ["PRIVATE-TOKEN": HTTPTest.token + "\r\n"]))
        }
        errors += [badHeader].compactMap { $0 }

        // Then
        #expect(errors.map(\.kind) == [.connectionFailed, .timeout, .badResponse, .insecureURL, .tooManyRedirects,
                                       .invalidHeader])
        for error in errors {
            for text in [String(describing: error), String(reflecting: error), "\(error)", error.localizedDescription] {
                #expect(!text.contains(HTTPTest.token), "\(error.kind) leaks the token: \(text)")
                #expect(!text.contains("s3cr3t"))
            }
        }
    }
}
