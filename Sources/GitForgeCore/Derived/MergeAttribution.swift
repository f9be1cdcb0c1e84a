import HeapModule

/// Local merge ancestry: the commits reachable from a merge's second parent but not from its
/// first came in with that merge, so they belong to the pull request the merge names. Computed at
/// ingest into `commit_pulls` (`via = 'merge'`) for the merges stored since the last run
/// (`meta['merges.seq']`), so `show` reads one row instead of walking history. The reading and
/// writing is `Store/ForgeStore+Attribution.swift`; what a merge brought in is decided here.
enum MergeAttribution {
    /// The pull request a merge's message names and the commits it brought in (none when the
    /// message names no pull request, or the repository is unknown).
    /// - Parameters:
    ///   - message: the merge's `parseText`.
    ///   - parents: its parents, first parent first (at least two).
    static func attributed(_ message: String, parents: [ObjectID], syntax: ReferenceSyntax,
                           context: ReferenceContext,
                           graph: StoredGraph) throws -> Found? {
        // The grammar discovery reads for the merged-in reference, so the two always agree.
        guard let named = MergeSubjectMatcher.match(in: message, syntax: syntax),
              let repo = named.repo ?? context.repo else { return nil }
        return (repo, named.number, try graph.onlyReachable(from: parents[1], notFrom: parents[0]))
    }
}

extension MergeAttribution {
    /// The commits an ingest has just written, kept as it writes them: a first ingest would
    /// otherwise read every payload back (`json_extract`) to find the merges and walk the graph,
    /// ~120 ms of a 25,000-commit ingest done after the walk, on one core.
    struct Seed {
        /// The eventlog's last `seq` before the events below.
        var since: Int64 = -1
        /// Keyed by the binary id: a hex `String` key was a heap allocation and a string hash per
        /// commit and per lookup, most of attribution's time over a merge-rich history.
        var nodes: [ObjectID: Node] = [:]
        /// Each merge's `parseText`, read with the context `update` is given.
        var merges: [(text: String, parents: [ObjectID])] = []

        init(since: Int64 = -1) { self.since = since }

        /// - Parameter mergeText: a merge's `parseText`; nil for any other commit.
        mutating func add(id: ObjectID, time: Int64, parents: [ObjectID], mergeText: String?) {
            nodes[id] = Node(time: time, parents: parents)
            if let mergeText { merges.append((mergeText, parents)) }
        }
    }
}

extension MergeAttribution {
    /// A merge's pull request and the commits it brought in: `commit_pulls` rows to write.
    typealias Found = (repo: String, number: Int, commits: [ObjectID])

    /// One `commit_pulls` row.
    typealias PullRow = (id: ObjectID, repo: String, number: Int)

    /// Attribution of every merge in `seed` from the seed alone, for a first fill, where the
    /// seed holds what the store would answer. A whole-history ingest computes it on its parser
    /// thread while the writer still inserts and builds indexes, and the writer only writes the
    /// rows (`update`); it was the last ~100-150 ms of a 25,000-commit ingest, on one core.
    /// - Returns: the rows in the table's key order (ids first), so the writer appends to its
    ///   B-tree rather than inserting at random pages; nil when a walk reaches a commit the seed
    ///   does not hold (one older than the first merge naming a pull request, or past a shallow
    ///   boundary): the store answers then.
    static func fromSeed(_ seed: Seed, context: ReferenceContext) -> [PullRow]? {
        struct NotInSeed: Error {}
        let graph = StoredGraph(known: seed.nodes) { _ in throw NotInSeed() }
        let syntax = ReferenceSyntax(context)
        var rows: [PullRow] = []
        do {
            for merge in seed.merges {
                guard let found = try attributed(merge.text, parents: merge.parents, syntax: syntax,
                                                 context: context, graph: graph) else { continue }
                for id in found.commits { rows.append((id, found.repo, found.number)) }
            }
        } catch {
            return nil
        }
        // The stored key's order: the id's bytes (its words, big-endian), then repo and number.
        rows.sort { a, b in
            let x = a.id.words, y = b.id.words
            if x.0 != y.0 { return x.0 < y.0 }
            if x.1 != y.1 { return x.1 < y.1 }
            if x.2 != y.2 { return x.2 < y.2 }
            return a.repo != b.repo ? a.repo < b.repo : a.number < b.number
        }
        return rows
    }

    /// A commit as the walks need it: committer time and parents.
    struct Node: Sendable {
        var time: Int64
        var parents: [ObjectID]
    }
}

/// The commit graph as the eventlog stores it, read lazily one commit at a time and cached for
/// the run (an initial ingest asks about many merges over shared history).
final class StoredGraph {
    /// Committer time and parents of a stored commit (the store's lookup).
    typealias Node = MergeAttribution.Node
    typealias Lookup = (ObjectID) throws -> Node?
    private let lookup: Lookup
    private var cache: [ObjectID: Node?] = [:]
    private let known: [ObjectID: Node]

    /// - Parameters:
    ///   - known: nodes already in hand (the commits this ingest wrote).
    ///   - lookup: reads a commit the store holds; nil for one it does not.
    init(known: [ObjectID: Node], lookup: @escaping Lookup) {
        self.known = known
        self.lookup = lookup
    }

    /// Committer time and parents, or nil for a commit not stored (beyond a shallow boundary).
    func node(_ sha: ObjectID) throws -> Node? {
        if let hit = known[sha] { return hit }
        if let cached = cache[sha] { return cached }
        let node = try lookup(sha)
        cache[sha] = node
        return node
    }

    /// `git rev-list tip ^base`: painted newest first, as git's merge-base walk does, and stopped
    /// once nothing queued is reachable from `tip` alone. Committer times order the walk; a clock
    /// skewed far enough back can misplace a commit, as it can for git's own date-ordered walks.
    func onlyReachable(from tip: ObjectID, notFrom base: ObjectID) throws -> [ObjectID] {
        let fromBase: UInt8 = 1, fromTip: UInt8 = 2
        // Popped is a flag too: one table, one hash per visit.
        let popped: UInt8 = 4
        var flags: [ObjectID: UInt8] = [:]
        var queue = Heap<Entry>()
        var tipOnlyQueued = 0
        var order = 0
        var result: [ObjectID] = []
        func paint(_ sha: ObjectID, _ flag: UInt8) throws {
            if let old = flags[sha] {
                if old & popped != 0 { return }
                let new = old | flag
                if old == fromTip, new != fromTip { tipOnlyQueued -= 1 }
                flags[sha] = new
                return
            }
            guard let node = try node(sha) else { return }
            flags[sha] = flag
            order += 1
            queue.insert(Entry(time: node.time, order: order, sha: sha, parents: node.parents))
            if flag == fromTip { tipOnlyQueued += 1 }
        }
        try paint(base, fromBase)
        try paint(tip, fromTip)
        while tipOnlyQueued > 0, let next = queue.popMax() {
            let flag = flags[next.sha]!
            flags[next.sha] = flag | popped
            if flag == fromTip {
                tipOnlyQueued -= 1
                result.append(next.sha)
            }
            for parent in next.parents { try paint(parent, flag) }
        }
        return result
    }

    private struct Entry: Comparable {
        var time: Int64
        var order: Int
        var sha: ObjectID
        var parents: [ObjectID]
        static func < (a: Entry, b: Entry) -> Bool { a.time != b.time ? a.time < b.time : a.order > b.order }
        static func == (a: Entry, b: Entry) -> Bool { a.sha == b.sha }
    }
}
