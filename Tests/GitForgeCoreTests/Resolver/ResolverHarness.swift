import Foundation
import GRDB
import GitForgeTestSupport
@testable import GitForgeCore

/// A repository whose commits reference `numbers`, a fake forge, and a store: the whole path from
/// commit message to cached item, driven in-process.
final class ResolverHarness {
    static let token = "ghp_HarnessT0kenThatMustNeverLeak42"

    let repo: GitFixture
    let forge: FakeForge
    let flavor: FakeForge.Flavor
    var options: ResolverOptions

    /// - Parameters:
    ///   - numbers: referenced as `#n` (GitLab: `!n` for merge requests, `#n` for `issueNumbers`).
    ///   - paceMs: `forge.paceMs`; 0 keeps tests fast where spacing is not the point.
    init(_ flavor: FakeForge.Flavor, numbers: [Int], issueNumbers: [Int] = [], token: String? = ResolverHarness.token,
         paceMs: Int = 0, items: [FakeForgeItem]? = nil, extra: [String] = []) throws {
        self.flavor = flavor
        repo = try GitFixture()
        forge = try FakeForge(flavor, token: flavor == .github && token != nil ? token : nil)
        let remote = switch flavor {
        case .github: "https://github.com/o/r.git"
        case .gitlab: "https://gitlab.com/g/p.git"
        case .gitea: "https://codeberg.org/o/r.git"
        }
        forge.add(repo: flavor == .gitlab ? "g/p" : "o/r", items: items ?? FakeForgeItem.generate(count: 100))
        try repo.git("remote", "add", "origin", remote)
        try repo.git("config", "forge.apiUrl", forge.apiURL)
        try repo.git("config", "forge.paceMs", String(paceMs))
        let sigil = flavor == .gitlab ? "!" : "#"
        // Many references per commit keeps fixture creation fast for large backlogs.
        for chunk in stride(from: 0, to: numbers.count, by: 500) {
            let refs = numbers[chunk..<min(chunk + 500, numbers.count)].map { "\(sigil)\($0)" }.joined(separator: " ")
            try repo.commit("Refs \(refs)")
        }
        if !issueNumbers.isEmpty {
            try repo.commit("See " + issueNumbers.map { "#\($0)" }.joined(separator: " "))
        }
        for message in extra { try repo.commit(message) }
        var options = ResolverOptions()
        // A Gitea/Forgejo token has no default host, Codeberg's included: it is bound to it here.
        options.environment = token.map { ["GH_TOKEN": $0, "GITLAB_TOKEN": $0, "GITEA_TOKEN": $0, "GITEA_HOST": "codeberg.org"] } ?? [:]
        options.useCredentialHelper = false
        options.retryBase = .milliseconds(20)
        options.secondaryLimitWait = .milliseconds(200)
        options.maxWait = .seconds(10)
        options.associateCommits = false
        self.options = options
        let workspace = try self.workspace()
        _ = try workspace.ingest(into: workspace.openStore())
    }

    func workspace() throws -> Workspace {
        try Workspace(repository: Repository.open(at: repo.path))
    }

    func store() throws -> ForgeStore {
        try workspace().openStore()
    }

    @discardableResult
    func run(limit: Int? = nil, stopAfterResponses: Int? = nil) throws -> ResolverRun {
        var options = self.options
        options.limit = limit
        let workspace = try workspace()
        let store = try workspace.openStore()
        let counter = Counter()
        return try Resolver(workspace: workspace, store: store, options: options).run(
            shouldStop: { stopAfterResponses.map { counter.value >= $0 } ?? false },
            progress: { _ in counter.increment() })
    }

    /// number → status for the backlog.
    func statuses() throws -> [Int: String] {
        try store().writer.read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT number, status FROM forge_refs").map {
                ($0["number"] as Int, $0["status"] as String)
            }, uniquingKeysWith: { a, _ in a })
        }
    }

    func item(_ number: Int) throws -> Row? {
        try store().writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM forge_items WHERE number = ?", arguments: [number])
        }
    }

    func scalar<T: DatabaseValueConvertible>(_ sql: String) throws -> T? {
        try store().writer.read { db in try T.fetchOne(db, sql: sql) }
    }

    /// Requests to the API, faults included.
    var requests: [LoopbackHTTPServer.Request] { forge.requests }

    /// Numbers asked in each GraphQL query received.
    var askedNumbers: [[Int]] {
        requests.filter { $0.path.hasSuffix("/graphql") }.map { request in
            let text = String(decoding: request.body, as: UTF8.self)
            return FakeForge.parseBlocks(text.replacingOccurrences(of: "\\\"", with: "\""))
                .flatMap(\.aliases).compactMap { Int($0.1) }
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func increment() { lock.withLock { count += 1 } }
}
