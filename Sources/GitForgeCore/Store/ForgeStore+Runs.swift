import Foundation
import GRDB

/// A resolver run as `status` reports it.
public struct ResolverRun: Sendable, Equatable {
    public enum Outcome: String, Sendable, Codable { case completed, interrupted, rateLimited, failed }

    public var id: Int64
    public var pid: Int32
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: Outcome?
    /// Backlog size when the run started (grows if references are queued while it runs).
    public var total: Int
    public var resolved: Int
    public var requests: Int
    public var error: String?
}

extension ForgeStore {
    /// Records the start of a run by this process.
    public func beginRun(total: Int, pid: Int32 = getpid()) throws(StoreError) -> Int64 {
        try write { db in
            try db.execute(sql: "INSERT INTO resolver_runs(pid, started_at, total) VALUES (?, ?, ?)",
                           arguments: [pid, Int64(Date().timeIntervalSince1970), total])
            return db.lastInsertedRowID
        }
    }

    /// Progress after a response; call it in the transaction that saved the response when possible
    /// (see `updateRun(_:db:…)`), so the counts never run ahead of the data.
    public func updateRun(_ id: Int64, total: Int? = nil, resolved: Int, requests: Int) throws(StoreError) {
        try write { db in try Self.updateRun(db, id, total: total, resolved: resolved, requests: requests) }
    }

    static func updateRun(_ db: Database, _ id: Int64, total: Int? = nil, resolved: Int, requests: Int) throws {
        try db.execute(sql: """
            UPDATE resolver_runs SET resolved = ?, requests = ?, total = coalesce(?, total) WHERE id = ?
            """, arguments: [resolved, requests, total, id])
    }

    public func finishRun(_ id: Int64, outcome: ResolverRun.Outcome, error: String?) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE resolver_runs SET finished_at = ?, outcome = ?, error = ? WHERE id = ?",
                           arguments: [Int64(Date().timeIntervalSince1970), outcome.rawValue, error, id])
        }
    }

    /// The newest run, finished or not.
    public func latestRun() throws(StoreError) -> ResolverRun? {
        try read { db in try Self.run(db, where: "1") }
    }

    /// The newest finished run.
    public func lastFinishedRun() throws(StoreError) -> ResolverRun? {
        try read { db in try Self.run(db, where: "finished_at IS NOT NULL") }
    }

    private static func run(_ db: Database, where condition: String) throws -> ResolverRun? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM resolver_runs WHERE \(condition) ORDER BY id DESC LIMIT 1")
        else { return nil }
        return ResolverRun(
            id: row["id"], pid: row["pid"],
            startedAt: Date(timeIntervalSince1970: TimeInterval(row["started_at"] as Int64)),
            finishedAt: (row["finished_at"] as Int64?).map { Date(timeIntervalSince1970: TimeInterval($0)) },
            outcome: (row["outcome"] as String?).flatMap(ResolverRun.Outcome.init(rawValue:)),
            total: row["total"], resolved: row["resolved"], requests: row["requests"], error: row["error"])
    }
}
