/// What `git forge pr <n>` and `git forge issue <n>` print: the cached item and what the local
/// history says about it.
public struct ItemView: Sendable {
    /// The item itself: its number, backlog status and cached data (`relation` means nothing here).
    public var link: ForgeLink
    /// The description as the forge gave it (raw: renderers neutralise it).
    public var body: String
    /// Pull request: the commits that belong to it (`mergedIn`, with `via`), then those that merely
    /// mention it. Issue: the commits that close or mention it. Newest first.
    public var commits: [ItemCommit]
    /// Pull request only: the issues it closes — by its commits' messages or by the forge's word.
    public var closes: [ForgeLink]
    /// Issue only: the pull requests its commits came from.
    public var pullRequests: [ForgeLink]
    /// Another process holds the resolver lock.
    public var resolverRunning: Bool
}

public struct ItemCommit: Sendable, Equatable {
    public var sha: String
    public var subject: String
    public var relation: ReferenceRelation
    /// Pull requests: how the commit was tied to it. Nil for an issue's commits and for mentions.
    public var via: ForgeLink.Via?
    /// Issue only: the pull request this commit came from, when one is known.
    public var pullRequest: Int?
    /// Committer time, Unix seconds, and ingest order (newest first): they order the list.
    var time: Int64
    var seq: Int64
}

extension ItemCommit {
    /// `git log --date-order` over a handful of commits: newest committer time first, and never a
    /// commit before one of its children in the list (a merge and its branch made in one second).
    static func dateOrder(_ commits: [ItemCommit], parents: [String: [String]]) -> [ItemCommit] {
        var children: [String: Int] = [:]
        let present = Set(commits.map(\.sha))
        for commit in commits {
            for parent in parents[commit.sha] ?? [] where present.contains(parent) { children[parent, default: 0] += 1 }
        }
        var pending = commits.sorted { ($0.time, $1.seq) > ($1.time, $0.seq) }
        var result: [ItemCommit] = []
        while !pending.isEmpty {
            // The newest commit none of whose children is still waiting (the first, unless a cycle-free
            // tie puts a parent ahead of its child).
            let next = pending.firstIndex { children[$0.sha, default: 0] == 0 } ?? 0
            let commit = pending.remove(at: next)
            result.append(commit)
            for parent in parents[commit.sha] ?? [] where present.contains(parent) { children[parent, default: 0] -= 1 }
        }
        return result
    }
}

/// Why `pr`/`issue` has nothing to show. Messages say what to do next.
public enum ItemError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Asked: String, Sendable {
        case pull = "pull request", issue
        var command: String { self == .pull ? "pr" : "issue" }
    }

    case noForge(String)
    /// No commit names it and nothing was fetched for it.
    case unknown(Asked, Int)
    case pending(Asked, Int, resolverRunning: Bool)
    case notFound(Asked, Int, reason: String?)
    case failed(Asked, Int, reason: String?)
    /// The number is the other kind (GitHub and Gitea number both in one sequence).
    case otherKind(Asked, Int)

    public var description: String {
        switch self {
        case let .noForge(why):
            return "no forge detected (\(why))"
        case let .unknown(asked, n):
            return "\(asked.rawValue) #\(n) is not in the store: no commit names it "
                + "('git forge \(asked.command) --fetch \(n)' asks the forge)"
        case let .pending(asked, n, running):
            return "\(asked.rawValue) #\(n) is not fetched yet (pending); "
                + (running ? "the resolver is running, try again shortly" : "run 'git forge sync' to fetch it")
                + " or 'git forge \(asked.command) --fetch \(n)' for it alone"
        case let .notFound(asked, n, reason):
            return "\(asked.rawValue) #\(n): the forge does not know it" + (reason.map { " (\($0))" } ?? "")
        case let .failed(asked, n, reason):
            return "\(asked.rawValue) #\(n) could not be fetched" + (reason.map { ": \($0)" } ?? "")
                + "; 'git forge sync --rebuild' asks again"
        case let .otherKind(asked, n):
            let other: Asked = asked == .pull ? .issue : .pull
            return "#\(n) is \(other == .issue ? "an" : "a") \(other.rawValue), not \(asked == .issue ? "an" : "a") "
                + "\(asked.rawValue); see 'git forge \(other.command) \(n)'"
        }
    }
}
