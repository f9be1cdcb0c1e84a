import Foundation
import Testing
@testable import GitForgeCore
import GitForgeTestSupport

@Suite("CurlHTTPClient redirects", .tags(.network))
struct CurlHTTPClientRedirectTests {
    private let credentials: HTTPHeaders = [
        "Authorization": "Bearer \(HTTPTest.token)", "PRIVATE-TOKEN": HTTPTest.token, "Accept": "application/json",
    ]

    @Test func sameOriginRedirectKeepsCredentials() throws {
        // Given
        let server = try LoopbackHTTPServer { request in
            request.path == "/start" ? .status(302, headers: [("Location", "/final")]) : .text("arrived")
        }
        defer { server.stop() }

        // When
        let response = try HTTPTest.client().send(HTTPTest.get(server.url("/start"), headers: credentials))

        // Then
        #expect(response.status == 200)
        #expect(response.url == server.url("/final"))
        let final = try #require(server.requests.last)
        #expect(final.path == "/final")
        #expect(final.headers["authorization"] == "Bearer \(HTTPTest.token)")
        #expect(final.headers["private-token"] == HTTPTest.token)
        #expect(server.connectionsAccepted == 1)
    }

    @Test func crossOriginRedirectDropsCredentials() throws {
        // Given: 127.0.0.1 on another port is another origin
        let other = try LoopbackHTTPServer { _ in .text("elsewhere") }
        defer { other.stop() }
        let otherURL = other.baseURL
        let server = try LoopbackHTTPServer { _ in .status(301, headers: [("Location", "\(otherURL)/final")]) }
        defer { server.stop() }

        // When
        let response = try HTTPTest.client().send(HTTPTest.get(server.url("/start"), headers: credentials))

        // Then
        #expect(response.body == Data("elsewhere".utf8))
        #expect(server.requests.first?.headers["authorization"] != nil)
        let received = try #require(other.requests.first)
        #expect(received.headers["authorization"] == nil)
        #expect(received.headers["private-token"] == nil)
        #expect(received.headers["accept"] == "application/json")
        #expect(other.requests.allSatisfy { !$0.headers.values.contains { $0.contains(HTTPTest.token) } })
    }

    @Test func credentialsStayDroppedWhenARedirectComesBack() throws {
        let home = ServerBox()
        let other = try LoopbackHTTPServer { _ in .status(302, headers: [("Location", "\(home.baseURL)/back")]) }
        defer { other.stop() }
        let otherURL = other.baseURL
        let server = try LoopbackHTTPServer { request in
            request.path == "/start" ? .status(302, headers: [("Location", "\(otherURL)/away")]) : .text("home")
        }
        defer { server.stop() }
        home.baseURL = server.baseURL

        _ = try HTTPTest.client().send(HTTPTest.get(server.url("/start"), headers: credentials))

        #expect(server.requests.map(\.path) == ["/start", "/back"])
        #expect(server.requests.last?.headers["authorization"] == nil)
    }

    @Test func redirectLoopStopsAfterFiveRedirects() throws {
        let server = try LoopbackHTTPServer { _ in .status(302, headers: [("Location", "/loop")]) }
        defer { server.stop() }

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client().send(HTTPTest.get(server.url("/loop")))
        }

        #expect(error?.kind == .tooManyRedirects)
        #expect(server.requests.count == 6)
    }

    @Test func seeOtherTurnsAPostIntoAGet() throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/create" ? .status(303, headers: [("Location", "/result")]) : .text("done")
        }
        defer { server.stop() }

        _ = try HTTPTest.client().send(HTTPRequest(method: .post, url: server.url("/create"),
                                                   headers: ["Content-Type": "application/json"],
                                                   body: Data("{}".utf8)))

        let final = try #require(server.requests.last)
        #expect(final.method == "GET")
        #expect(final.body.isEmpty)
        #expect(final.headers["content-type"] == nil)
    }

    @Test func temporaryRedirectKeepsMethodAndBody() throws {
        let server = try LoopbackHTTPServer { request in
            request.path == "/graphql" ? .status(307, headers: [("Location", "/api/graphql")]) : .status(200)
        }
        defer { server.stop() }

        _ = try HTTPTest.client().send(HTTPRequest(method: .post, url: server.url("/graphql"), body: Data("{}".utf8)))

        let final = try #require(server.requests.last)
        #expect(final.path == "/api/graphql")
        #expect(final.method == "POST")
        #expect(final.body == Data("{}".utf8))
    }

    @Test func redirectToPlainHTTPOffTheMachineIsRefused() throws {
        // Given: if the client connected anyway, it would go through this proxy and be seen
        let proxy = try LoopbackHTTPServer { _ in .status(200) }
        defer { proxy.stop() }
        let server = try LoopbackHTTPServer { _ in .status(302, headers: [("Location", "http://forge.invalid/steal")]) }
        defer { server.stop() }

        let (error, _) = HTTPTest.failure { () throws(HTTPError) in
            try HTTPTest.client(.init(proxy: proxy.baseURL)).send(HTTPTest.get(server.url("/"), headers: credentials))
        }

        #expect(error?.kind == .insecureURL)
        #expect(proxy.connectionsAccepted == 0)
    }

    @Test func redirectWithoutLocationIsReturnedAsIs() throws {
        let server = try LoopbackHTTPServer { _ in .status(302) }
        defer { server.stop() }

        let response = try HTTPTest.client().send(HTTPTest.get(server.url("/")))

        #expect(response.status == 302)
    }
}

/// Lets a handler read a URL that is only known after a later server starts.
private final class ServerBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value = ""
    var baseURL: String {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
