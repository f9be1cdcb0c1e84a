import Foundation

/// A GitHub, GitLab or Gitea/Forgejo API on 127.0.0.1, answering in the forge's real JSON shapes
/// from in-memory fixtures, with pagination, rate-limit headers, ETags and queued faults. Tests
/// point `forge.apiUrl` at `apiURL` and then assert `requests` and the resulting database.
public final class FakeForge: @unchecked Sendable {
    public enum Flavor: String, Sendable, CaseIterable { case github, gitlab, gitea }

    struct State {
        var repos: [String: [Int: FakeForgeItem]] = [:]
        /// GitLab only: issues live apart from merge requests.
        var issues: [String: [Int: FakeForgeItem]] = [:]
        var associations: [String: [Int]] = [:]
        /// Repositories every REST path answers 404 for, as GitHub does for a private one asked
        /// without a token.
        var hidden: Set<String> = []
        var faults: [(fault: FakeForgeFault, pathContains: String?)] = []
        var remaining = 5000
        var resetAt = Int(Date().timeIntervalSince1970) + 3600
        /// A GraphQL query with more aliases than this gets a 502, as GitHub's 10-second limit does.
        var graphQLMaxAliases = Int.max
        /// Answers (to matching paths) still given at once; past them, answers are held.
        var hold: (budget: Int, pathContains: String?)?
        /// Numbers whose JSON comes in a shape no client can read, in every answer.
        var corrupt: Set<Int> = []
        /// Gitea: the server's `MAX_RESPONSE_ITEMS`, below which `limit` is capped.
        var pageCap = 50
        /// Issue lists answer page 1 whatever page is asked, with a `next` link, for ever.
        var ignoresPage = false
    }

    public let flavor: Flavor
    /// When set, requests must carry it (GraphQL always needs a token on GitHub).
    public let token: String?
    private var server: LoopbackHTTPServer!
    private let lock = NSLock()
    private var state = State()

    public init(_ flavor: Flavor, token: String? = nil, historyLimit: Int = 100_000) throws {
        self.flavor = flavor
        self.token = token
        server = try LoopbackHTTPServer(historyLimit: historyLimit) { [weak self] request in
            guard let self else { return .status(503) }
            return self.handle(request)
        }
    }

    deinit { server?.stop() }

    public func stop() { server.stop() }

    public var baseURL: String { server.baseURL }

    /// What `forge.apiUrl` should be set to.
    public var apiURL: String {
        switch flavor {
        case .github: server.baseURL
        case .gitlab: server.baseURL + "/api/v4"
        case .gitea: server.baseURL + "/api/v1"
        }
    }

    public var requests: [LoopbackHTTPServer.Request] { server.requests }

    /// Serves `items` for `repo` ("owner/name"). On GitLab, issues (`isPull == false`) go to the
    /// issue number space and pull requests to the merge-request one.
    public func add(repo: String, items: [FakeForgeItem]) {
        locked { state in
            for item in items {
                if flavor == .gitlab && !item.isPull {
                    state.issues[repo.lowercased(), default: [:]][item.number] = item
                } else {
                    state.repos[repo.lowercased(), default: [:]][item.number] = item
                }
            }
        }
    }

    /// The pull requests the forge says `sha` belongs to.
    public func associate(sha: String, pulls: [Int]) {
        locked { $0.associations[sha] = pulls }
    }

    /// Plays `fault` instead of the next `times` answers (to paths containing `pathContains`).
    public func inject(_ fault: FakeForgeFault, times: Int = 1, pathContains: String? = nil) {
        locked { state in
            for _ in 0..<times { state.faults.append((fault, pathContains)) }
        }
    }

    public func setGraphQLMaxAliases(_ limit: Int) { locked { $0.graphQLMaxAliases = limit } }

    /// Makes `numbers` come in a shape no client can read (`"number": "broken"`), every time.
    public func corrupt(_ numbers: Set<Int>) { locked { $0.corrupt = numbers } }

    /// Gitea: caps `limit` at `items` per page, as a server with a lower `MAX_RESPONSE_ITEMS` does.
    public func setPageCap(_ items: Int) { locked { $0.pageCap = items } }

    /// Issue lists answer page 1 for every page, still linking a next one.
    public func setIgnoresPage(_ ignores: Bool) { locked { $0.ignoresPage = ignores } }

    var pageCap: Int { locked { $0.pageCap } }
    var ignoresPage: Bool { locked { $0.ignoresPage } }

    /// Answers the next `count` requests (to paths containing `pathContains`) as usual and holds
    /// the ones after them for a minute (or until `stop`), until `releaseHold`. Caps how far a
    /// client gets however long the test takes to act (kill it, say) on a loaded machine.
    public func hold(after count: Int, pathContains: String? = nil) {
        locked { $0.hold = (count, pathContains) }
    }

    public func releaseHold() { locked { $0.hold = nil } }

    public func setQuota(remaining: Int, resetIn: Int = 3600) {
        locked { state in
            state.remaining = remaining
            state.resetAt = Int(Date().timeIntervalSince1970) + resetIn
        }
    }

    func locked<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    // MARK: Dispatch

    private func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
        let fault = locked { state -> FakeForgeFault? in
            guard let index = state.faults.firstIndex(where: { $0.pathContains.map(request.path.contains) ?? true })
            else { return nil }
            return state.faults.remove(at: index).fault
        }
        if let token, request.headers["authorization"] != authorization(token) {
            return Self.json(["message": "Bad credentials"], status: 401)
        }
        let (quota, held) = locked { state -> ((Int, Int), Bool) in
            state.remaining = max(0, state.remaining - 1)
            var held = false
            if let hold = state.hold, hold.pathContains.map(request.path.contains) ?? true {
                state.hold!.budget -= 1
                held = hold.budget <= 0
            }
            return ((state.remaining, state.resetAt), held)
        }
        var reply: LoopbackHTTPServer.Reply
        switch fault {
        case let .status(code)?: return Self.json(["message": "fault \(code)"], status: code)
        case .reset?: return .reset
        case .malformedJSON?: return .response(status: 200, headers: [("Content-Type", "application/json")], body: Data("{\"data\": [oops".utf8))
        case let .secondaryLimit(retryAfter)?:
            return Self.json(["message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."],
                             status: 403, headers: retryAfter.map { [("Retry-After", String($0))] } ?? [])
        case let .tooManyRequests(retryAfter)?:
            return Self.json(["message": "429 Too Many Requests"], status: 429, headers: [("Retry-After", String(retryAfter))])
        case let .exhausted(resetIn)?:
            let reset = String(Int(Date().timeIntervalSince1970) + resetIn)
            return Self.json(["message": "API rate limit exceeded"], status: flavor == .github ? 403 : 429,
                             headers: rateHeaders(remaining: 0, reset: reset))
        case .wrongShape?:
            return Self.json(["number": "seven", "title": ["not", "a", "string"], "data": [1, 2, 3]])
        case .graphQLRateLimited?:
            return Self.json(["errors": [["type": "RATE_LIMITED", "message": "API rate limit exceeded for user ID 1."]]])
        case let .graphQLError(message)?:
            return Self.json(["errors": [["type": "INTERNAL", "message": message]]])
        case let .limited(status, headers)?:
            return Self.json(["message": "API rate limit exceeded"], status: status,
                             headers: headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        default:
            reply = route(request)
        }
        reply = corrupting(reply)
        if case let .etag(etag)? = fault, case let .response(status, headers, body) = reply {
            reply = .response(status: status, headers: headers.filter { $0.0.lowercased() != "etag" } + [("ETag", etag)], body: body)
        }
        reply = reply.adding(rateHeaders(remaining: quota.0, reset: String(quota.1)))
        if held { return .delay(.seconds(60), reply) }
        switch fault {
        case let .slow(delay)?: return .delay(delay, reply)
        case let .drip(bytesPerChunk, interval)?:
            if case let .response(status, headers, body) = reply {
                return .drip(status: status, headers: headers, body: body, bytesPerChunk: bytesPerChunk, interval: interval)
            }
            return reply
        case .truncated?:
            if case let .response(status, headers, body) = reply {
                return .truncated(status: status, headers: headers, body: body, sendBytes: body.count / 2)
            }
            return reply
        default: return reply
        }
    }

    /// The reply with every item numbered in `corrupt` made unreadable.
    private func corrupting(_ reply: LoopbackHTTPServer.Reply) -> LoopbackHTTPServer.Reply {
        let corrupt = locked { $0.corrupt }
        guard !corrupt.isEmpty, case let .response(status, headers, body) = reply,
              let json = try? JSONSerialization.jsonObject(with: body) else { return reply }
        func spoil(_ value: Any) -> Any {
            guard var object = value as? [String: Any], let number = object["number"] as? Int, corrupt.contains(number)
            else { return value }
            object["number"] = "broken"
            object["title"] = ["not", "a", "string"]
            return object
        }
        let spoiled: Any = (json as? [Any]).map { $0.map(spoil) } ?? spoil(json)
        guard let data = try? JSONSerialization.data(withJSONObject: spoiled, options: [.sortedKeys]) else { return reply }
        return .response(status: status, headers: headers, body: data)
    }

    private func authorization(_ token: String) -> String {
        flavor == .gitea ? "token \(token)" : "Bearer \(token)"
    }

    private func rateHeaders(remaining: Int, reset: String) -> [(String, String)] {
        switch flavor {
        case .github: [("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", String(remaining)), ("X-RateLimit-Reset", reset)]
        case .gitlab: [("RateLimit-Limit", "2000"), ("RateLimit-Remaining", String(remaining)), ("RateLimit-Reset", reset)]
        case .gitea: []
        }
    }

    private func route(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
        switch flavor {
        case .github: github(request)
        case .gitlab: gitlab(request)
        case .gitea: gitea(request)
        }
    }

    // MARK: Helpers shared by the flavours

    static func json(_ value: Any, status: Int = 200, headers: [(String, String)] = []) -> LoopbackHTTPServer.Reply {
        .response(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers,
                  body: FakeJSON.data(value))
    }

    /// A JSON reply with a strong ETag; 304 when the client already has it.
    static func conditional(_ value: Any, _ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
        let body = FakeJSON.data(value)
        var hash: UInt64 = 1_469_598_103_934_665_603
        for byte in body { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
        let etag = "\"\(String(hash, radix: 16))\""
        if request.headers["if-none-match"] == etag { return .response(status: 304, headers: [("ETag", etag)], body: Data()) }
        return .response(status: 200, headers: [("Content-Type", "application/json; charset=utf-8"), ("ETag", etag)], body: body)
    }

    /// Splits "/a/b?x=1&y[]=2" into the path and its query pairs (percent-decoded, repeats kept).
    static func split(_ target: String) -> (path: String, query: [(String, String)]) {
        let parts = target.split(separator: "?", maxSplits: 1)
        let path = String(parts.first ?? "")
        guard parts.count == 2 else { return (path, []) }
        let query = parts[1].split(separator: "&").map { pair -> (String, String) in
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            return (kv[0], kv.count > 1 ? kv[1] : "")
        }
        return (path, query)
    }

    /// One page of `items` with `Link` (and `X-Total-Count`) headers, as GitHub and Gitea send them.
    static func page(_ items: [FakeForgeItem], render: (FakeForgeItem) -> Any, page: Int, perPage: Int,
                     request: LoopbackHTTPServer.Request, path: String,
                     query: [(String, String)], totalCount: Bool) -> LoopbackHTTPServer.Reply {
        let start = max(0, (page - 1) * perPage)
        let slice = start < items.count ? items[start..<min(items.count, start + perPage)].map(render) : []
        let lastPage = max(1, (items.count + perPage - 1) / perPage)
        func link(_ n: Int, _ rel: String) -> String {
            let q = query.filter { $0.0 != "page" }.map { "\($0.0)=\($0.1)" } + ["page=\(n)"]
            return "<\(request.baseURL)\(path)?\(q.joined(separator: "&"))>; rel=\"\(rel)\""
        }
        var links: [String] = []
        if page < lastPage { links += [link(page + 1, "next"), link(lastPage, "last")] }
        if page > 1 { links += [link(1, "first"), link(page - 1, "prev")] }
        var headers: [(String, String)] = links.isEmpty ? [] : [("Link", links.joined(separator: ", "))]
        if totalCount { headers.append(("X-Total-Count", String(items.count))) }
        return json(slice, headers: headers)
    }

    /// Makes `repo` answer 404 everywhere, like a private repository asked without a token.
    public func hide(_ repo: String) { locked { _ = $0.hidden.insert(repo.lowercased()) } }
    public func unhide(_ repo: String) { locked { _ = $0.hidden.remove(repo.lowercased()) } }
    func isHidden(_ repo: String) -> Bool { locked { $0.hidden.contains(repo.lowercased()) } }

    func items(_ repo: String) -> [Int: FakeForgeItem] { locked { $0.repos[repo.lowercased()] ?? [:] } }
    func issues(_ repo: String) -> [Int: FakeForgeItem] { locked { $0.issues[repo.lowercased()] ?? [:] } }
    func pulls(for sha: String) -> [Int]? { locked { $0.associations[sha] } }
    var maxAliases: Int { locked { $0.graphQLMaxAliases } }
}

extension LoopbackHTTPServer.Reply {
    func adding(_ extra: [(String, String)]) -> LoopbackHTTPServer.Reply {
        if case let .response(status, headers, body) = self { return .response(status: status, headers: headers + extra, body: body) }
        return self
    }
}
