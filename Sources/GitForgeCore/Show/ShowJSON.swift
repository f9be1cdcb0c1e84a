import Foundation

/// `git forge show --json`: the stable keys documented in docs/json.md. Absent values are `null`,
/// never omitted, so scripts can rely on every key being there. One commit's object, built from
/// its `CommitContext` alone, so any command listing commits can print the same one.
public struct ShowJSON: Encodable {
    struct Person: Encodable { var name, email: String }
    struct Commit: Encodable {
        var sha, subject: String
        var author: Person
        /// The author's own offset, as `git log --format=%aI`: unlike the forge's times, not UTC.
        var date: String
        /// False: read from git because no ingest has stored it yet (its links are the message's only).
        var ingested: Bool
    }

    /// What `show` prints as "no pull request (checked …)": the forge was asked and named none.
    struct Check: Encodable {
        /// `none` (the forge knows the commit, no pull request) or `unknown` (it did not know the commit).
        var answer: String
        var checkedAt: String
    }

    var commit: Commit
    var pullRequests: [Link]
    var issues: [Link]
    /// Null when no pull request question was answered (or one was found: it is in `pullRequests`).
    var pullRequestCheck: Check?

    enum CodingKeys: String, CodingKey { case commit, pullRequests, issues, pullRequestCheck }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(commit, forKey: .commit)
        try c.encode(pullRequests, forKey: .pullRequests)
        try c.encode(issues, forKey: .issues)
        // Encoded explicitly: a synthesized encoder omits a nil optional, and every key is always there.
        try c.encode(pullRequestCheck, forKey: .pullRequestCheck)
    }

    public init(_ context: CommitContext) {
        let c = context.commit
        commit = Commit(sha: c.sha, subject: c.subject, author: Person(name: c.authorName, email: c.authorEmail),
                        date: c.date, ingested: c.ingested)
        pullRequests = context.pullRequests.map { Link($0, pull: true) }
        issues = context.issues.map { Link($0, pull: false) }
        if let check = context.pullRequestCheck, check.answer != .found, context.pullRequests.isEmpty {
            pullRequestCheck = Check(answer: check.answer.rawValue, checkedAt: ISODate.utc(seconds: check.checkedAt))
        }
    }

    public struct Link: Encodable {
        let link: ForgeLink
        let pull: Bool
        /// The item on its own (`pr`, `issue`, `prs`), not as a commit's link: `relation` and `via`
        /// are null.
        var standalone = false

        public init(_ link: ForgeLink, pull: Bool, standalone: Bool = false) {
            self.link = link
            self.pull = pull
            self.standalone = standalone
        }

        enum Keys: String, CodingKey {
            case number, repo, title, state, url, author, labels, relation, status, resolved, fetchedAt
            case mergedAt, draft, via
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            let item = link.item
            try c.encode(link.number, forKey: .number)
            try c.encode(link.repo, forKey: .repo)
            try c.encode(item?.title, forKey: .title)
            try c.encode(item?.state, forKey: .state)
            try c.encode(item?.url, forKey: .url)
            try c.encode(item?.author, forKey: .author)
            try c.encode(item?.labels ?? [], forKey: .labels)
            try c.encode(standalone ? nil : link.relation.rawValue, forKey: .relation)
            try c.encode(link.status.rawValue, forKey: .status)
            try c.encode(link.resolved, forKey: .resolved)
            try c.encode(item.map { ISODate.utc(seconds: $0.fetchedAt) }, forKey: .fetchedAt)
            guard pull else { return }
            try c.encode(item?.mergedAt.map(ISODate.utc), forKey: .mergedAt)
            try c.encode(item?.draft, forKey: .draft)
            try c.encode(standalone ? nil : (link.via ?? .message).rawValue, forKey: .via)
        }
    }
}
