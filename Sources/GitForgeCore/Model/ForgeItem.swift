/// A pull/merge request or an issue as the resolver caches it, whichever forge it came from.
/// Forge clients map their wire types to this in their own `Mapping.swift`.
public struct ForgeItem: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case pull, issue }
    public enum State: String, Sendable, Codable { case open, closed, merged }

    /// An issue a pull request closes: `repo` is "owner/name" as the forge spells it.
    public struct Link: Sendable, Equatable, Codable {
        public var repo: String
        public var number: Int
        public init(repo: String, number: Int) {
            self.repo = repo
            self.number = number
        }
    }

    public var kind: Kind
    public var number: Int
    public var title: String
    public var body: String
    public var state: State
    public var draft: Bool
    public var author: String?
    public var labels: [String]
    public var url: String
    /// ISO 8601 as the forge sent them.
    public var createdAt: String?
    public var updatedAt: String?
    public var closedAt: String?
    public var mergedAt: String?
    public var baseRef: String?
    public var headRef: String?
    public var mergeCommitSHA: String?
    /// GitHub only: approving reviews.
    public var approvals: Int?
    public var closes: [Link]
    /// The response's ETag when the item was read on its own, for a conditional refresh.
    public var etag: String?

    public init(kind: Kind, number: Int, title: String, body: String = "", state: State, draft: Bool = false,
                author: String? = nil, labels: [String] = [], url: String, createdAt: String? = nil,
                updatedAt: String? = nil, closedAt: String? = nil, mergedAt: String? = nil,
                baseRef: String? = nil, headRef: String? = nil, mergeCommitSHA: String? = nil,
                approvals: Int? = nil, closes: [Link] = [], etag: String? = nil) {
        self.kind = kind
        self.number = number
        self.title = title
        self.body = body
        self.state = state
        self.draft = draft
        self.author = author
        self.labels = labels
        self.url = url
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.closedAt = closedAt
        self.mergedAt = mergedAt
        self.baseRef = baseRef
        self.headRef = headRef
        self.mergeCommitSHA = mergeCommitSHA
        self.approvals = approvals
        self.closes = closes
        self.etag = etag
    }

    /// `etag` when it can be sent back as `If-None-Match`: printable ASCII only, at most 1 KB.
    /// Anything else is dropped (the item is then refreshed unconditionally): a header the HTTP
    /// layer refuses would fail that refresh, and with it every run after.
    static func usableETag(_ etag: String) -> String? {
        guard !etag.isEmpty, etag.utf8.count <= 1024, etag.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return etag
    }
}

/// One row of the reference backlog handed to a forge client.
public struct BacklogEntry: Sendable, Hashable {
    public var id: Int64
    /// Lower-cased "owner/name" (GitLab: "group/sub/project"), the backlog's key.
    public var repo: String
    /// `.any` on GitHub and Gitea (one number space), `.pullRequest` or `.issue` on GitLab.
    public var kind: ReferenceKind
    public var number: Int
    /// Set for a refresh of a cached open item: its kind and the ETag it was read with.
    public var cachedKind: ForgeItem.Kind?
    public var etag: String?

    public init(id: Int64, repo: String, kind: ReferenceKind, number: Int,
                cachedKind: ForgeItem.Kind? = nil, etag: String? = nil) {
        self.id = id
        self.repo = repo
        self.kind = kind
        self.number = number
        self.cachedKind = cachedKind
        self.etag = etag
    }
}

/// What the forge said about one backlog entry.
public enum ForgeAnswer: Sendable, Equatable {
    case found(ForgeItem)
    /// The forge says it does not exist (or the reference cannot name anything there).
    case notFound(reason: String)
    /// A conditional request answered 304: the cached item is still current.
    case unchanged
}

public struct ResolvedRef: Sendable, Equatable {
    public var entry: BacklogEntry
    public var answer: ForgeAnswer
    public init(_ entry: BacklogEntry, _ answer: ForgeAnswer) {
        self.entry = entry
        self.answer = answer
    }
}

/// What the forge knows about which pull request a commit came from.
public enum CommitAssociation: Sendable, Equatable {
    /// The pull request numbers, best first (the one whose merge commit is this commit).
    case pulls([Int])
    /// The forge knows the commit but no pull request contains it.
    case none
    /// The forge does not know the commit (not pushed, or rewritten).
    case unknownCommit
}
