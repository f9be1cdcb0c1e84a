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
    static func attributed(_ message: String, parents: [String], syntax: ReferenceSyntax,
                           context: ReferenceContext,
                           graph: StoredGraph) throws -> (repo: String, number: Int, commits: [String])? {
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
        var nodes: [String: (time: Int64, parents: [String])] = [:]
        /// Each merge's `parseText`, read with the context `update` is given.
        var merges: [(text: String, parents: [String])] = []

        init(since: Int64 = -1) { self.since = since }

        /// - Parameter mergeText: a merge's `parseText`; nil for any other commit.
        mutating func add(sha: String, time: Int64, parents: [String], mergeText: String?) {
            nodes[sha] = (time, parents)
            if let mergeText { merges.append((mergeText, parents)) }
        }
    }
}

/// The commit graph as the eventlog stores it, read lazily one commit at a time and cached for
/// the run (an initial ingest asks about many merges over shared history).
final class StoredGraph {
    /// Committer time and parents of a stored commit (the store's lookup).
    typealias Lookup = (String) throws -> (time: Int64, parents: [String])?
    private let lookup: Lookup
    private var cache: [String: (time: Int64, parents: [String])?] = [:]
    private let known: [String: (time: Int64, parents: [String])]

    /// - Parameters:
    ///   - known: nodes already in hand (the commits this ingest wrote).
    ///   - lookup: reads a commit the store holds; nil for one it does not.
    init(known: [String: (time: Int64, parents: [String])], lookup: @escaping Lookup) {
        self.known = known
        self.lookup = lookup
    }

    /// Committer time and parents, or nil for a commit not stored (beyond a shallow boundary).
    func node(_ sha: String) throws -> (time: Int64, parents: [String])? {
        if let hit = known[sha] { return hit }
        if let cached = cache[sha] { return cached }
        let node = try lookup(sha)
        cache[sha] = node
        return node
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
