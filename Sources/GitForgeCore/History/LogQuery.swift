import Foundation

/// What `git forge log` shows: the commits `git log` would list for the same arguments, in its
/// order, each with what `show` knows about it.
public struct LogResult: Sendable {
    public var commits: [CommitContext]
    /// Hex digits in an abbreviated id, as `git log --oneline` picks them.
    public var abbreviation: Int
    /// What a long walk built and costs more to free, one object at a time, than the rest of the
    /// run spends after it (the walk's commit graph, the link tables read whole): held with the
    /// result, so a process that exits holding it never frees them.
    var kept = Kept()

    final class Kept: @unchecked Sendable {
        private var objects: [AnyObject] = []
        func keep(_ object: AnyObject) { objects.append(object) }
    }
}

/// Answers `git forge log` from git's history and the store alone. The walk is `RevisionWalk`
/// (libgit2's object reads); following one file's renames, and pathspecs with wildcards or
/// magic, are left to `git log` itself, which is the only thing that follows renames as git does.
/// Never writes and never touches the network.
public struct LogQuery {
    let workspace: Workspace
    let store: ForgeStore?

    /// Past this many commits the store's link tables are read whole rather than per commit.
    static let tableReadThreshold = 400

    /// How much of each commit is built.
    public enum Detail: Sendable {
        /// What `log`'s lines show: the id, the subject and the links. The author, date and body
        /// are left empty (the body is read for a commit not ingested, whose links come from it),
        /// and the linked items carry their kind, state and title only.
        case oneline
        /// `show --json`'s whole object: the author through `.mailmap`, the date, the body and the
        /// forge's commit check.
        case full
    }

    /// - Parameter store: nil when none exists yet: commits are read from git and every reference
    ///   is pending.
    public init(workspace: Workspace, store: ForgeStore?) {
        self.workspace = workspace
        self.store = store
    }

    /// Hex digits in an abbreviated id, as `git log --oneline` picks them.
    public var abbreviation: Int { workspace.repository.abbreviationLength(config: workspace.config) }

    /// Every commit at once (see `run(arguments:paths:limit:detail:each:)`).
    public func run(arguments: [String], paths: [String]?, limit: Int?, detail: Detail = .full) throws -> LogResult {
        var result = LogResult(commits: [], abbreviation: abbreviation)
        try run(arguments: arguments, paths: paths, limit: limit, detail: detail, keep: result.kept.keep) {
            result.commits += $0
        }
        return result
    }

    /// - Parameters:
    ///   - arguments: revisions (and, without `--`, paths), as `git log` takes them.
    ///   - paths: what followed `--`; nil when there was no `--`.
    ///   - limit: `-n`.
    ///   - each: given the commits a batch at a time, in `git log`'s order, on the calling thread
    ///     while the walk goes on: a renderer that drops each batch keeps a whole history's
    ///     contexts from piling up (their memory is reused instead of faulted in).
    ///   - keep: given what costs more to free than to keep (see `LogResult.kept`).
    /// - Throws: `RevisionArgumentError`, `RevisionError`, `GitError`, `StoreError`, or git's own
    ///   message when `git log` walks; whatever `each` throws.
    public func run(arguments: [String], paths: [String]?, limit: Int?, detail: Detail = .full,
                    keep: (AnyObject) -> Void = { _ in }, each: ([CommitContext]) throws -> Void) throws {
        let repository = workspace.repository
        let request = try RevisionArguments(repository, arguments: arguments, separatedPaths: paths)
        let feed = try CommitFeed(start: request, query: self, limit: limit, detail: detail)
        keep(feed)
        defer { feed.stop() }
        let context = workspace.referenceContext
        let host = try? workspace.forge.get().host
        let mailmap = detail == .full ? try? repository.mailmap() : nil
        let running = store != nil && ResolverControl(workspace.location).isRunning
        let pullKind = context.backlogPullKind
        // A short walk asks the store per commit; a long one reads its link tables whole, while
        // the walk goes on beside it.
        var first: [WalkedCommit] = []
        var ended = false
        while first.count <= Self.tableReadThreshold {
            guard let batch = feed.next() else { ended = true; break }
            first += batch
        }
        func join(_ rows: some LinkRows, derived: Bool) throws {
            var batch = first
            first = []
            var out: [CommitContext] = []
            repeat {
                out.reserveCapacity(batch.count)
                for walked in batch {
                    var shown = walked.shown
                    shown.ingested = try rows.isIngested(shown.sha)
                    // Its links come from its message: the whole of it is read.
                    if !shown.ingested, let raw = walked.raw { shown = ShownCommit(raw: raw) }
                    if let mailmap {
                        (shown.authorName, shown.authorEmail) = mailmap.resolve(name: shown.authorName, email: shown.authorEmail)
                    }
                    let links = try ShowQuery.links(of: shown, rows: rows, derived: derived, context: context, host: host)
                    var commit = CommitContext(commit: shown, links: links, resolverRunning: running, forge: context.forge)
                    if detail == .full, commit.pullRequests.isEmpty {
                        commit.pullRequestCheck = try rows.pullRequestCheck(shown.sha)
                    }
                    out.append(commit)
                }
                try each(out)
                out.removeAll(keepingCapacity: true)
                batch = ended ? [] : feed.next() ?? []
            } while !batch.isEmpty
        }
        if let store {
            try store.readView { view in
                let derived = try view.derivedTablesPresent()
                if ended { return try join(view.pointLinks(repo: context.repo, lines: detail == .oneline), derived: derived) }
                let tables = try view.tableLinks(pullKind: pullKind, host: host, repo: context.repo, lines: detail == .oneline)
                keep(tables)
                try join(tables, derived: derived)
            }
        } else {
            try join(NoStoreLinkRows(), derived: true)
        }
        try feed.finish()
    }

    /// A commit as the walk thread decoded it: for `.oneline`, its id and subject only, with the
    /// raw commit kept in case it is not ingested.
    fileprivate struct WalkedCommit: Sendable {
        var shown: ShownCommit
        var raw: RawCommit?

        init(_ raw: RawCommit, detail: Detail) {
            switch detail {
            case .full: shown = ShownCommit(raw: raw)
            case .oneline:
                shown = ShownCommit(subjectOf: raw)
                self.raw = raw
            }
        }
    }

    /// The commits to show: from `git log` when it walks (`gitWalks`), else from a `RevisionWalk`
    /// on a thread of its own, in batches, so that reading the store overlaps reading history
    /// (one core each), unless `-n` asks for a short walk.
    private final class CommitFeed: @unchecked Sendable {
        private let queue = BlockingQueue<[WalkedCommit]>(capacity: 64)
        private var failure: (any Error)?
        private let done = DispatchSemaphore(value: 0)
        /// Held here as well as by its thread, so that it is freed with the feed, not as the
        /// thread ends.
        private var walk: RevisionWalk?
        private var threaded = false

        /// Each commit is decoded (`detail`) where it is read, on the walk's thread: that share
        /// of the join runs beside the store's.
        init(start request: RevisionArguments, query: LogQuery, limit: Int?, detail: Detail) throws {
            let repository = query.workspace.repository
            if let follow = try query.gitWalks(request) {
                var args = ["-c", "log.showSignature=false", "log", "--format=%H"]
                if follow { args.append("--follow") }
                if let limit { args.append("--max-count=\(limit)") }
                args += request.revisionArguments + ["--"] + request.pathArguments
                let odb = try repository.objectDatabase()
                queue.push(try GitProcess.lines(args).compactMap { try odb.commit($0).map { WalkedCommit($0, detail: detail) } })
                queue.close()
                return
            }
            // Start commits are read here, so a bad one fails before any thread starts.
            let walk = try RevisionWalk(repository: repository, paths: request.paths)
            for id in request.include { try walk.push(id) }
            for id in request.exclude { try walk.hide(id) }
            if let limit, limit <= LogQuery.tableReadThreshold {
                // Short: walked here, at once. A thread's start, and the runtime's first use of
                // Foundation's `Thread`, cost more than the overlap would save.
                queue.push(try walk.commits(limit: limit).map { WalkedCommit($0, detail: detail) })
                queue.close()
                return
            }
            threaded = true
            self.walk = walk
            let thread = Thread { [self] in
                do {
                    var batch: [WalkedCommit] = []
                    batch.reserveCapacity(256)
                    try walk.walk(limit: limit) { commit in
                        batch.append(WalkedCommit(commit, detail: detail))
                        guard batch.count == 256 else { return true }
                        defer {
                            batch = []
                            batch.reserveCapacity(256)
                        }
                        return queue.push(batch)
                    }
                    if !batch.isEmpty { queue.push(batch) }
                } catch {
                    failure = error
                }
                queue.close()
                done.signal()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }

        func next() -> [WalkedCommit]? { queue.pop() }

        /// Nothing more will be read: a walk blocked on a full queue stops.
        func stop() { queue.close() }

        /// Waits for the walk; rethrows its error. Closing first stops a walk nobody reads any more.
        func finish() throws {
            queue.close()
            guard threaded else { return }
            done.wait()
            if let failure { throw failure }
        }
    }

    /// Whether `git log` walks instead, and if so whether it follows renames: for one path naming
    /// a file (git's `log.follow` for a single path), or a pathspec with wildcards or magic
    /// (`*.c`, `:(exclude)…`), whose matching is git's own. Nil: `RevisionWalk` walks.
    fileprivate func gitWalks(_ request: RevisionArguments) throws -> Bool? {
        if request.pathArguments.contains(where: Self.isPattern) { return false }
        guard request.paths.count == 1, let path = request.paths.first, !path.isEmpty else { return nil }
        guard let tip = request.include.first, let tree = try workspace.repository.objectDatabase().commit(tip)?.treeID,
              let entry = try workspace.repository.treePaths().entry(tree: tree, path: path) else {
            // Not in the newest commit asked for: a file deleted since, which --follow traces back.
            return true
        }
        return entry.isTree ? nil : true
    }

    static func isPattern(_ path: String) -> Bool {
        path.hasPrefix(":") || path.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" })
    }
}
