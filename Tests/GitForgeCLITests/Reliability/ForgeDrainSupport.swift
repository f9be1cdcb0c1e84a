import Foundation
import GRDB
import GitForgeCore
import GitForgeTestSupport

/// A repository whose commits reference `count` sparse GitHub numbers, served by a fake forge, so
/// the real `git-forge` binary drains it one request per reference (sparse numbers are never
/// page-walked): the unit of work, and of loss on a kill, is one reference.
final class ForgeDrain {
    let repo: GitFixture
    let forge: FakeForge
    let numbers: [Int]

    /// - Parameters:
    ///   - paceMs: `forge.paceMs`, the floor the tests check request spacing against.
    ///   - token: the fake forge then demands it (and GitHub is asked through GraphQL).
    init(count: Int, paceMs: Int, token: String? = nil) throws {
        repo = try GitFixture()
        forge = try FakeForge(.github, token: token)
        numbers = (1...count).map { $0 * 1000 + 1 }
        forge.add(repo: "o/r", items: numbers.map {
            FakeForgeItem(number: $0, isPull: $0 % 3 != 0, state: .closed, title: "Item \($0)", body: "Body of \($0)")
        })
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.git("config", "forge.apiUrl", forge.apiURL)
        try repo.git("config", "forge.paceMs", String(paceMs))
        for chunk in stride(from: 0, to: numbers.count, by: 200) {
            let refs = numbers[chunk..<min(chunk + 200, numbers.count)].map { "#\($0)" }.joined(separator: " ")
            try repo.commit("Refs \(refs)")
        }
    }

    /// Per-item REST reads (`/repos/o/r/issues/N`) the forge has seen, in order, as numbers.
    var itemFetches: [Int] {
        forge.requests.compactMap { request in
            let path = request.path.split(separator: "?")[0]
            guard path.hasPrefix("/repos/o/r/issues/"), let n = Int(path.split(separator: "/").last ?? "") else { return nil }
            return n
        }
    }

    /// Gaps between consecutive requests as the forge received them.
    var gaps: [Duration] {
        let times = forge.requests.map(\.receivedAt)
        return zip(times, times.dropFirst()).map { $0.duration(to: $1) }
    }

    /// `forge_refs` as the database holds it: number → statuses (more than one would be a duplicate).
    func refStatuses() throws -> [Int: [String]] {
        let rows = try repo.database().read { db in
            try Row.fetchAll(db, sql: "SELECT number, status FROM forge_refs WHERE repo = 'o/r'")
        }
        return Dictionary(grouping: rows, by: { $0["number"] as Int }).mapValues { $0.map { $0["status"] as String } }
    }

    /// Numbers with a cached item (one row each, or the primary key would have refused it).
    func cachedNumbers() throws -> [Int] {
        try repo.database().read { db in
            try Int.fetchAll(db, sql: "SELECT number FROM forge_items WHERE repo = 'o/r' ORDER BY number")
        }
    }

    /// References the database says are resolved.
    func resolved() throws -> Set<Int> {
        Set(try refStatuses().filter { $0.value == ["resolved"] }.keys)
    }

    /// `git-forge` started without waiting (stdout and stderr discarded), as a shell's `&` would.
    func launch(_ args: [String], env: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GitForgeBinary.path)
        process.arguments = args
        process.currentDirectoryURL = repo.root
        process.environment = repo.environment.merging(["PATH": forgePATH].merging(env) { $1 }) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// `status --json`'s `lastRun` object.
    func lastRun() throws -> [String: Any] {
        try repo.statusJSON()["lastRun"] as? [String: Any] ?? [:]
    }
}

/// Waits until `pid` is gone (or a zombie nobody reaps yet), up to `timeout`.
func waitUntilDead(_ pid: Int32, timeout: TimeInterval = 10) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if kill(pid, 0) != 0 { return true }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), stat.contains(") Z ") { return true }
        usleep(2_000)
    }
    return false
}
