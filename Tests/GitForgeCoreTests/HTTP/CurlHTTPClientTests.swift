import Foundation
import Testing
@testable import GitForgeCore
import GitForgeTestSupport

@Suite("CurlHTTPClient against the loopback server", .tags(.network))
struct CurlHTTPClientTests {
    @Test func getReturnsStatusHeadersAndBody() throws {
        // Given
        let server = try LoopbackHTTPServer { _ in
            .json(#"{"ok":true}"#, headers: [("X-RateLimit-Remaining", "4999"), ("Link", "<a>; rel=\"next\""),
                                              ("link", "<b>; rel=\"last\"")])
        }
        defer { server.stop() }

        // When
        let response = try HTTPTest.client().send(HTTPTest.get(server.url("/repos/o/r?page=2")))

        // Then
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        #expect(response.headers["x-ratelimit-remaining"] == "4999")
        #expect(response.headers["CONTENT-TYPE"] == "application/json; charset=utf-8")
        #expect(response.headers["Link"] == "<a>; rel=\"next\", <b>; rel=\"last\"")
        #expect(response.headers.values(for: "link").count == 2)
        #expect(response.url == server.url("/repos/o/r?page=2"))
        #expect(server.requests.first?.path == "/repos/o/r?page=2")
    }

    @Test func postSendsBodyAndHeaders() throws {
        // Given
        let server = try LoopbackHTTPServer { request in
            .response(status: 201, headers: [("X-Echo-Method", request.method)], body: request.body)
        }
        defer { server.stop() }
        let payload = Data(#"{"query":"{ viewer { login } }"}"#.utf8) + Data([0, 1, 2])
        let request = HTTPRequest(method: .post, url: server.url("/graphql"),
                                  headers: ["Authorization": "Bearer \(HTTPTest.token)",
                                            "Content-Type": "application/json", "X-Empty": ""],
                                  body: payload)

        // When
        let response = try HTTPTest.client().send(request)

        // Then
        #expect(response.status == 201)
        #expect(response.body == payload)
        #expect(response.headers["x-echo-method"] == "POST")
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.body == payload)
        #expect(received.headers["authorization"] == "Bearer \(HTTPTest.token)")
        #expect(received.headers["content-type"] == "application/json")
        #expect(received.headers["x-empty"] == "")
        #expect(received.headers["expect"] == nil)
    }

    @Test(arguments: [HTTPMethod.put, .patch, .delete])
    func otherMethodsAreSentAsIs(method: HTTPMethod) throws {
        let server = try LoopbackHTTPServer { .response(status: 200, headers: [], body: $0.body) }
        defer { server.stop() }

        let response = try HTTPTest.client().send(
            HTTPRequest(method: method, url: server.url("/x"), body: Data("b".utf8)))

        #expect(server.requests.first?.method == method.rawValue)
        #expect(response.body == Data("b".utf8))
    }

    @Test func postWithoutABodySendsAnEmptyOne() throws {
        let server = try LoopbackHTTPServer { _ in .status(204) }
        defer { server.stop() }

        let response = try HTTPTest.client().send(HTTPRequest(method: .post, url: server.url("/merge")))

        #expect(response.status == 204)
        #expect(server.requests.first?.method == "POST")
        #expect(server.requests.first?.headers["content-length"] == "0")
    }

    @Test func headReturnsHeadersWithoutBody() throws {
        let server = try LoopbackHTTPServer { _ in .text("not sent for HEAD") }
        defer { server.stop() }

        let response = try HTTPTest.client().send(HTTPRequest(method: .head, url: server.url("/")))

        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.headers["content-length"] == "17")
    }

    @Test func errorStatusesAreResponsesNotThrows() throws {
        let server = try LoopbackHTTPServer { _ in
            .json(#"{"message":"API rate limit exceeded"}"#, status: 403, headers: [("Retry-After", "60")])
        }
        defer { server.stop() }

        let response = try HTTPTest.client().send(HTTPTest.get(server.url("/")))

        #expect(response.status == 403)
        #expect(response.headers["retry-after"] == "60")
    }

    @Test func sendsUserAgentAndAcceptEncoding() throws {
        let server = try LoopbackHTTPServer { _ in .status(204) }
        defer { server.stop() }

        _ = try HTTPTest.client().send(HTTPTest.get(server.url("/")))

        let received = try #require(server.requests.first)
        #expect(received.headers["user-agent"] == "git-forge/1.2.3-test")
        #expect(received.headers["accept-encoding"]?.contains("gzip") == true)
    }

    @Test func decodesGzipBodies() throws {
        // Given
        let json = String(repeating: #"{"number":42,"title":"Fix the frobnicator"},"#, count: 50)
        let server = try LoopbackHTTPServer { _ in
            .response(status: 200, headers: [("Content-Encoding", "gzip"), ("Content-Type", "application/json")],
                      body: HTTPTest.gzip(Data(json.utf8)))
        }
        defer { server.stop() }

        // When
        let response = try HTTPTest.client().send(HTTPTest.get(server.url("/")))

        // Then
        #expect(String(decoding: response.body, as: UTF8.self) == json)
    }

    @Test func reusesOneConnectionAcrossRequests() throws {
        // Given
        let server = try LoopbackHTTPServer { request in .text("hello \(request.path)") }
        defer { server.stop() }
        let client = HTTPTest.client()

        // When
        for index in 0 ..< 5 {
            _ = try client.send(HTTPTest.get(server.url("/page/\(index)")))
        }
        _ = try client.send(HTTPRequest(method: .post, url: server.url("/graphql"), body: Data("{}".utf8)))
        _ = try client.send(HTTPTest.get(server.url("/after-post")))

        // Then
        #expect(server.requests.count == 7)
        #expect(server.connectionsAccepted == 1)
        #expect(Set(server.requests.map(\.connectionID)) == [1])
    }

    @Test func dripFeedWithinTheLowSpeedLimitCompletes() throws {
        let body = Data((0 ..< 64).map { UInt8($0) })
        let server = try LoopbackHTTPServer { _ in
            .drip(status: 200, headers: [], body: body, bytesPerChunk: 16, interval: .milliseconds(20))
        }
        defer { server.stop() }

        let response = try HTTPTest.client().send(HTTPTest.get(server.url("/")))

        #expect(response.body == body)
    }

    @Test func loadLibraryReportsTheVersion() throws {
        let version = try CurlHTTPClient.loadLibrary()
        #expect(version.contains("libcurl/"))
    }
}
