import Foundation
import GRDB
import HeapModule

/// Local merge ancestry: the commits reachable from a merge's second parent but not from its
/// first came in with that merge, so they belong to the pull request the merge names. Computed at
/// ingest into `commit_pulls` (`via = 'merge'`) for the merges stored since the last run
/// (`meta['merges.seq']`), so `show` reads one row instead of walking history.
enum MergeAttribution {
    /// - Returns: the number of commits attributed in this run.
    @discardableResult
    static func update(_ db: Database, context: ReferenceContext, seed: Seed) throws -> Int {
        var through = Int64(try ForgeStore.meta(db, "merges.seq") ?? "0") ?? 0
        // `#12` names a pull request of the store's repository: another forge or repository
        // means the rows are wrong, not merely stale.
        if try ForgeStore.meta(db, "merges.context") != context.derivationKey {
            try db.execute(sql: "DELETE FROM commit_pulls WHERE via = 'merge'")
            try ForgeStore.setMeta(db, "merges.context", context.derivationKey)
            through = 0
        }
        let last = try Int64.fetchOne(db, sql: "SELECT max(seq) FROM eventlog") ?? 0
        guard last > through else { return 0 }
        // The walks read parents from rows all over the eventlog while the scan streams through
        // it: with SQLite's default 2 MB page cache they evict each other and every lookup goes
        // back to the file. A larger cache for this run only (pages are allocated as used).
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -65536")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        // SQLite picks out the few fields needed: decoding whole payloads cost more than the walks.
        // `+type` keeps the planner on the rowid range (new events only): on the (type, source_id)
        // index it would read every payload on every ingest.
        let graph = try StoredGraph(db, known: seed.nodes)
        let insert = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO commit_pulls(sha, repo, number, via) VALUES (?, ?, ?, 'merge')
            """)
        var attributed = 0
        // The grammar discovery reads for the merged-in reference, so the two always agree.
        let syntax = ReferenceSyntax(context)
        func attribute(_ message: String, parents: [String]) throws {
            guard let named = MergeSubjectMatcher.match(in: message, syntax: syntax),
                  let repo = named.repo ?? context.repo else { return }
            for sha in try graph.onlyReachable(from: parents[1], notFrom: parents[0]) {
                try insert.execute(arguments: [sha, repo, named.number])
                attributed += db.changesCount
            }
        }
        if seed.since == through {
            // Exactly the events this ingest wrote: their merges are in memory.
            for merge in seed.merges { try attribute(merge.text, parents: merge.parents) }
        } else {
            let merges = try Row.fetchCursor(db, sql: """
                SELECT json_extract(payload, '$.subject'), json_extract(payload, '$.body'),
                       json_extract(payload, '$.parents')
                FROM eventlog WHERE seq > ? AND +type = ? AND json_array_length(payload, '$.parents') > 1
                """, arguments: [through, CommitEvent.type])
            while let row = try merges.next() {
                let message = CommitMessage(subject: row[0] as String? ?? "", body: row[1] as String? ?? "")
                try attribute(message.parseText, parents: StoredGraph.parents(row[2]))
            }
        }
        try ForgeStore.setMeta(db, "merges.seq", String(last))
        return attributed
    }
}

extension MergeAttribution {
    /// The commits an ingest has just written, kept as it writes them: a first ingest would
    /// otherwise read every payload back (`json_extract`) to find the merges and walk the graph,
    /// ~120 ms of a 25,000-commit ingest done after the walk, on one core.
    struct Seed {
        /// The eventlog's last `seq` before the events below.
        var since: Int64 = -1
        var nodes: [String: (time: Int64, parents: [String])] = [:]
        /// Each merge's `parseText`, read with the context `update` is given.
        var merges: [(text: String, parents: [String])] = []

        init(since: Int64 = -1) { self.since = since }

        mutating func add(_ event: CommitEvent) {
            let parents = event.parents.map(\.hex)
            nodes[event.sha] = (event.time, parents)
            if let text = event.mergeText { merges.append((text, parents)) }
        }
    }
}

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
