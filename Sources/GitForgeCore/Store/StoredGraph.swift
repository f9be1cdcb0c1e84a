import Foundation
import GRDB
import HeapModule

/// The commit graph as the eventlog stores it, read lazily one commit at a time and cached for
/// the run (an initial ingest asks about many merges over shared history).
final class StoredGraph {
    private let lookup: Statement
    private var cache: [String: (time: Int64, parents: [String])?] = [:]
    private let known: [String: (time: Int64, parents: [String])]

    /// - Parameter known: nodes already in hand (the commits this ingest wrote).
    init(_ db: Database, known: [String: (time: Int64, parents: [String])]) throws {
        self.known = known
        lookup = try db.makeStatement(sql: """
            SELECT timestamp, json_extract(payload, '$.parents') FROM eventlog WHERE type = ? AND source_id = ?
            """)
    }

    /// Committer time and parents, or nil for a commit not stored (beyond a shallow boundary).
    func node(_ sha: String) throws -> (time: Int64, parents: [String])? {
        if let hit = known[sha] { return hit }
        if let cached = cache[sha] { return cached }
        var node: (Int64, [String])?
        if let row = try Row.fetchOne(lookup, arguments: [CommitEvent.type, sha]) {
            node = (row[0], Self.parents(row[1]))
        }
        cache[sha] = node
        return node
    }

    /// The shas of a JSON array of them, as `json_extract` returns it.
    static func parents(_ json: String) -> [String] {
        json.split(whereSeparator: { $0 == "[" || $0 == "]" || $0 == "\"" || $0 == "," }).map(String.init)
    }

    /// `git rev-list tip ^base`: painted newest first, as git's merge-base walk does, and stopped
    /// once nothing queued is reachable from `tip` alone. Committer times order the walk; a clock
    /// skewed far enough back can misplace a commit, as it can for git's own date-ordered walks.
    func onlyReachable(from tip: String, notFrom base: String) throws -> [String] {
        let fromBase: UInt8 = 1, fromTip: UInt8 = 2
        var flags: [String: UInt8] = [:]
        var popped = Set<String>()
        var queue = Heap<Entry>()
        var tipOnlyQueued = 0
        var order = 0
        var result: [String] = []
        func paint(_ sha: String, _ flag: UInt8) throws {
            if popped.contains(sha) { return }
            if let old = flags[sha] {
                let new = old | flag
                if old == fromTip, new != fromTip { tipOnlyQueued -= 1 }
                flags[sha] = new
                return
            }
            guard let node = try node(sha) else { return }
            flags[sha] = flag
            order += 1
            queue.insert(Entry(time: node.time, order: order, sha: sha))
            if flag == fromTip { tipOnlyQueued += 1 }
        }
        try paint(base, fromBase)
        try paint(tip, fromTip)
        while tipOnlyQueued > 0, let next = queue.popMax() {
            let flag = flags[next.sha]!
            popped.insert(next.sha)
            if flag == fromTip {
                tipOnlyQueued -= 1
                result.append(next.sha)
            }
            for parent in try node(next.sha)?.parents ?? [] { try paint(parent, flag) }
        }
        return result
    }

    private struct Entry: Comparable {
        var time: Int64
        var order: Int
        var sha: String
        static func < (a: Entry, b: Entry) -> Bool { a.time != b.time ? a.time < b.time : a.order > b.order }
        static func == (a: Entry, b: Entry) -> Bool { a.sha == b.sha }
    }
}
