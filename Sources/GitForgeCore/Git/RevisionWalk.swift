import HeapModule

/// `git log`'s walk, in `git log`'s order: start commits pushed (or hidden, for `^a` and the left
/// side of `a..b`), newest committer date first with ties in the order commits were queued, and
/// — for a pathspec — git's default history simplification (a commit TREESAME to its parent is
/// left out; a merge TREESAME to one of its parents follows only that parent).
///
/// libgit2's `git_revwalk` orders the same way only for one pushed commit (it keeps pushed commits
/// in reverse push order rather than sorting them by date), and has no pathspec: it cannot drop a
/// merge's other parents as git does, so the commits shown for a path would differ. This is git's
/// `revision.c` walk (`limit_list`, `process_parents`, `try_to_simplify_commit`) over libgit2's
/// object reads, which `readingAsGitLog` makes as cheap as git's own.
/// Not thread-safe: one thread at a time (`log` hands it to a walking thread after set-up).
public final class RevisionWalk: @unchecked Sendable {
    private final class Node {
        let id: ObjectID
        /// Until the commit is handed to the caller: the walk keeps only its time, parents and
        /// path entries, so a long walk's commits are freed (and their memory reused) as it goes.
        var commit: RawCommit?
        var parsed = false
        var time: Int64 = 0
        var parents: [Node]?
        var uninteresting = false
        var bottom = false
        var seen = false
        var added = false
        var inQueue = false
        var treesame = false
        var entries: [TreeEntry?]?

        init(id: ObjectID) { self.id = id }
    }

    private struct Queued: Comparable {
        let node: Node
        let time: Int64
        let order: Int
        static func < (a: Queued, b: Queued) -> Bool { a.time != b.time ? a.time < b.time : a.order > b.order }
        static func == (a: Queued, b: Queued) -> Bool { a.order == b.order }
    }

    private let odb: ObjectDatabase
    private let trees: TreePaths
    private var nodes: [ObjectID: Node] = [:]
    private var starts: [Node] = []
    private var queue = Heap<Queued>()
    private var order = 0
    private var interestingQueued = 0
    /// Paths from the top of the tree; empty: no path limiting.
    private let paths: [String]

    /// - Parameter paths: the pathspec, each a path from the top of the tree (`""` is all of it).
    public init(repository: Repository, paths: [String] = []) throws(GitError) {
        odb = try repository.objectDatabase()
        trees = repository.treePaths()
        self.paths = paths
    }

    /// Nodes hold their parents: freed as a chain, a long history's would recurse once per
    /// commit and overflow the stack.
    deinit { for node in nodes.values { node.parents = nil } }

    /// Walks from `id` (`git log id`).
    public func push(_ id: CommitID) throws { try start(id, negative: false) }

    /// Leaves out `id` and everything reachable from it (`git log ^id`).
    public func hide(_ id: CommitID) throws { try start(id, negative: true) }

    private func start(_ hex: CommitID, negative: Bool) throws {
        guard let id = ObjectID(hex: hex) else { throw GitError(operation: "walk", code: -1, message: "bad id \(hex)") }
        let node = self.node(id)
        guard try parse(node) else {
            throw GitError(operation: "walk", code: -3, message: "commit \(hex) is missing")
        }
        if negative {
            node.uninteresting = true
            node.bottom = true
            markParentsUninteresting(node)
        }
        if !node.seen {
            node.seen = true
            starts.append(node)
        }
    }

    /// The commits to show, newest first, at most `limit` of them.
    public func commits(limit: Int? = nil) throws -> [RawCommit] {
        var out: [RawCommit] = []
        try walk(limit: limit) { out.append($0); return true }
        return out
    }

    /// Hands each commit to show to `body`, newest first, as soon as the walk knows it is shown
    /// (at once without hidden commits; after the whole walk with them), until `limit` or until
    /// `body` returns false.
    public func walk(limit: Int? = nil, _ body: (RawCommit) throws -> Bool) throws {
        if let limit, limit <= 0 { return }
        var count = 0
        func emit(_ node: Node) throws -> Bool {
            count += 1
            // Its parents are processed and its path entries known: nothing reads it again.
            let commit = node.commit!
            node.commit = nil
            return try body(commit) && (limit.map { count < $0 } ?? true)
        }
        try ObjectDatabase.readingAsGitLog { () throws in
            // git sorts the start commits by date, stably, before walking.
            let sorted = starts.enumerated().sorted { a, b in
                a.element.time != b.element.time ? a.element.time > b.element.time : a.offset < b.offset
            }.map(\.element)
            for node in sorted { enqueue(node) }
            if starts.contains(where: { $0.uninteresting }) {
                for node in try limitList() where !node.uninteresting && shown(node) {
                    guard try emit(node) else { return }
                }
            } else {
                while let node = pop() {
                    try processParents(node)
                    guard shown(node) else {
                        node.commit = nil
                        continue
                    }
                    guard try emit(node) else { return }
                }
            }
        }
    }

    private func shown(_ node: Node) -> Bool { paths.isEmpty || !node.treesame }

    // MARK: git's revision.c, step by step

    /// `limit_list`: the whole walk, done before anything is shown when some commits are hidden,
    /// so that a commit reached first from an interesting side can still turn out hidden.
    private func limitList() throws -> [Node] {
        var newList: [Node] = []
        var date = Int64.max
        var slop = 5
        while let node = pop() {
            try processParents(node)
            if node.uninteresting {
                markParentsUninteresting(node)
                slop = stillInteresting(date: date, slop: slop)
                if slop > 0 { continue }
                break
            }
            date = node.time
            newList.append(node)
        }
        return newList
    }

    private func stillInteresting(date: Int64, slop: Int) -> Int {
        guard let top = queue.max else { return 0 }
        if date <= top.time { return 5 }
        if interestingQueued > 0 { return 5 }
        return slop - 1
    }

    private func processParents(_ node: Node) throws {
        if node.added { return }
        node.added = true
        let parents = node.parents ?? []
        if node.uninteresting {
            for parent in parents {
                setUninteresting(parent)
                guard try parse(parent) else { continue }
                if parent.parents != nil { markParentsUninteresting(parent) }
                if parent.seen { continue }
                parent.seen = true
                enqueue(parent)
            }
            return
        }
        if !paths.isEmpty { try simplify(node) }
        for parent in node.parents ?? [] {
            guard try parse(parent) else { continue }
            if !parent.seen {
                parent.seen = true
                enqueue(parent)
            }
        }
    }

    /// `try_to_simplify_commit`, for git's defaults (dense history, simplified merges).
    private func simplify(_ node: Node) throws {
        let parents = try (node.parents ?? []).filter { try parse($0) }
        guard !parents.isEmpty else {
            node.treesame = try entries(node).allSatisfy { $0 == nil }
            return
        }
        var relevantParents = 0, relevantChange = false, irrelevantChange = false
        for parent in parents {
            let relevant = !parent.uninteresting || parent.bottom
            if relevant { relevantParents += 1 }
            if try entries(parent) == entries(node) {
                guard relevant else { continue }
                node.parents = [parent]
                node.treesame = true
                return
            }
            if relevant { relevantChange = true } else { irrelevantChange = true }
        }
        node.treesame = relevantParents > 0 ? !relevantChange : !irrelevantChange
    }

    private func entries(_ node: Node) throws -> [TreeEntry?] {
        if let entries = node.entries { return entries }
        guard let tree = node.commit?.treeID else { return paths.map { _ in nil } }
        let entries = try paths.map { path throws -> TreeEntry? in try trees.entry(tree: tree, path: path) }
        node.entries = entries
        return entries
    }

    private func markParentsUninteresting(_ node: Node) {
        var pending = node.parents ?? []
        while let next = pending.popLast() {
            if next.uninteresting { continue }
            setUninteresting(next)
            pending.append(contentsOf: next.parents ?? [])
        }
    }

    private func setUninteresting(_ node: Node) {
        if !node.uninteresting && node.inQueue { interestingQueued -= 1 }
        node.uninteresting = true
    }

    private func node(_ id: ObjectID) -> Node {
        if let node = nodes[id] { return node }
        let node = Node(id: id)
        nodes[id] = node
        return node
    }

    /// Reads the commit once; false when it is missing (beyond a shallow clone's boundary).
    private func parse(_ node: Node) throws -> Bool {
        if node.parsed { return true }
        if node.parents != nil { return false }
        guard let commit = try odb.commit(node.id) else {
            node.parents = []
            return false
        }
        node.commit = commit
        node.parsed = true
        node.time = commit.time
        node.parents = commit.parentIDs.map(self.node)
        return true
    }

    private func enqueue(_ node: Node) {
        order += 1
        node.inQueue = true
        if !node.uninteresting { interestingQueued += 1 }
        queue.insert(Queued(node: node, time: node.time, order: order))
    }

    private func pop() -> Node? {
        guard let next = queue.popMax()?.node else { return nil }
        next.inQueue = false
        if !next.uninteresting { interestingQueued -= 1 }
        return next
    }
}
