import Foundation

/// What `git forge log` shows: the commits `git log` would list for the same arguments, in its
/// order, each with what `show` knows about it.
public struct LogResult: Sendable {
    public var commits: [CommitContext]
    /// Hex digits in an abbreviated id, as `git log --oneline` picks them.
    public var abbreviation: Int
}

/// Answers `git forge log` from git's history and the store alone. The walk is `RevisionWalk`
/// (libgit2's object reads); following one file's renames, and pathspecs with wildcards or
/// magic, are left to `git log` itself, which is the only thing that follows renames as git does.
/// Never writes and never touches the network.
public struct LogQuery {
    let workspace: Workspace
    let store: ForgeStore

    /// Past this many commits the store's link tables are read whole rather than per commit.
    static let tableReadThreshold = 400

    public init(workspace: Workspace, store: ForgeStore) {
        self.workspace = workspace
        self.store = store
    }

    /// - Parameters:
    ///   - arguments: revisions (and, without `--`, paths), as `git log` takes them.
    ///   - paths: what followed `--`; nil when there was no `--`.
    ///   - limit: `-n`.
    ///   - authors: also apply `.mailmap` to each author (for `--json`).
    /// - Throws: `RevisionArgumentError`, `RevisionError`, `GitError`, `StoreError`, or git's own
    ///   message when `git log` walks.
    public func run(arguments: [String], paths: [String]?, limit: Int?, authors: Bool = false) throws -> LogResult {
        let repository = workspace.repository
        let request = try RevisionArguments(repository, arguments: arguments, separatedPaths: paths)
        let commits = try walk(request, limit: limit)
        let context = workspace.referenceContext
        let host = try? workspace.forge.get().host
        let mailmap = authors ? try? repository.mailmap() : nil
        let running = ResolverProbe.isRunning(pidFile: workspace.location.pidFile)
        let pullKind = context.forge == .gitlab ? "pull" : "any"
        let contexts = try store.read { db -> [CommitContext] in
            let derived = try !DerivedTables.areMissing(db)
            let rows: any LinkRows = commits.count > Self.tableReadThreshold
                ? try TableLinkRows(db, pullKind: pullKind, host: host) : PointLinkRows(db: db)
            var out: [CommitContext] = []
            out.reserveCapacity(commits.count)
            for raw in commits {
                var shown = ShownCommit(raw: raw)
                shown.ingested = try rows.isIngested(shown.sha)
                if let mailmap {
                    (shown.authorName, shown.authorEmail) = mailmap.resolve(name: shown.authorName, email: shown.authorEmail)
                }
                let links = try ShowQuery.links(of: shown, rows: rows, derived: derived, context: context, host: host)
                out.append(CommitContext(commit: shown, links: links, resolverRunning: running))
            }
            return out
        }
        return LogResult(commits: contexts, abbreviation: repository.abbreviationLength(config: workspace.config))
    }

    private func walk(_ request: RevisionArguments, limit: Int?) throws -> [RawCommit] {
        let repository = workspace.repository
        if let follow = try gitWalks(request) {
            var args = ["-c", "log.showSignature=false", "log", "--format=%H"]
            if follow { args.append("--follow") }
            if let limit { args.append("--max-count=\(limit)") }
            args += request.revisionArguments + ["--"] + request.pathArguments
            let odb = try repository.objectDatabase()
            return try GitProcess.lines(args).compactMap { try odb.commit($0) }
        }
        let walk = try RevisionWalk(repository: repository, paths: request.paths)
        for id in request.include { try walk.push(id) }
        for id in request.exclude { try walk.hide(id) }
        return try walk.commits(limit: limit)
    }

    /// Whether `git log` walks instead, and if so whether it follows renames: for one path naming
    /// a file (git's `log.follow` for a single path), or a pathspec with wildcards or magic
    /// (`*.c`, `:(exclude)…`), whose matching is git's own. Nil: `RevisionWalk` walks.
    private func gitWalks(_ request: RevisionArguments) throws -> Bool? {
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
