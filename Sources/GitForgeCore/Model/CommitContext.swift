/// Everything `git forge show` prints about one commit: the commit as `git show` heads it, and the
/// pull requests and issues it is linked to, each with what the local cache knows about it.
public struct CommitContext: Sendable {
    public var commit: ShownCommit
    public var pullRequests: [ForgeLink]
    public var issues: [ForgeLink]
    /// Another process holds the resolver lock: pending references are being worked on.
    public var resolverRunning: Bool
    /// The detected forge (nil: none), which says how its pull requests are written (`!12` on GitLab).
    public var forge: ForgeType?
    /// What the forge answered when asked which pull request the commit came from; set only when
    /// no pull request is linked, so "no pull request" can be said with its date.
    public var pullRequestCheck: PullRequestCheck?
}

/// A commit → pull request question the resolver asked the forge (`forge_commit_checks`).
public struct PullRequestCheck: Sendable, Equatable {
    public enum Answer: String, Sendable, CaseIterable { case found, none, unknown }
    /// `none`: the forge knows the commit and no pull request for it; `unknown`: it does not know
    /// the commit (not pushed when asked).
    public var answer: Answer
    /// Unix seconds.
    public var checkedAt: Int64
}

extension CommitContext {
    /// `links` as `ShowQuery.links` sorts them, split by kind.
    init(commit: ShownCommit, links: [ForgeLink], resolverRunning: Bool, forge: ForgeType?) {
        self.init(commit: commit, pullRequests: links.filter { $0.kind == .pull },
                  issues: links.filter { $0.kind == .issue }, resolverRunning: resolverRunning, forge: forge)
    }
}

public struct ShownCommit: Sendable, Equatable {
    public var sha: String
    public var parents: [String]
    /// Through `.mailmap`.
    public var authorName: String
    public var authorEmail: String
    /// ISO 8601 with the author's offset.
    public var date: String
    public var time: Int64
    public var offsetMinutes: Int
    public var subject: String
    public var body: String
    /// False when the commit was read from git because no ingest has stored it yet.
    public var ingested: Bool
}

/// One pull request or issue linked to the commit.
public struct ForgeLink: Sendable, Equatable {
    public enum Kind: String, Sendable { case pull, issue }
    public typealias Status = BacklogStatus
    /// How the pull request was tied to the commit: its message, local merge ancestry, or the
    /// forge's own commit → pull request association.
    public enum Via: String, Sendable { case message, merge, forge }

    public var repo: String
    public var number: Int
    public var kind: Kind
    public var relation: ReferenceRelation
    public var via: Via?
    public var status: Status
    /// Why resolving failed, when it did.
    public var error: String?
    public var item: ForgeItemSummary?
    /// The reference names another repository than the store's, so it is shown as `owner/name#N`.
    public var crossRepository: Bool

    public var resolved: Bool { item != nil }
}

/// The cached forge data `show` prints (a subset of `forge_items`).
public struct ForgeItemSummary: Sendable, Equatable {
    public var title: String
    /// `open`, `closed` or `merged`.
    public var state: String
    public var draft: Bool
    public var author: String?
    public var labels: [String]
    public var url: String
    public var mergedAt: String?
    /// Unix seconds.
    public var fetchedAt: Int64

    /// The state as shown: a draft is its own state while it is open.
    public var displayState: String { draft && state == "open" ? "draft" : state }
}
