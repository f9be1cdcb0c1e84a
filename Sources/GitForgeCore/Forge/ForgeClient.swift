/// A unit of work a forge client answers with one request (a GraphQL batch, an `iids[]` list) or a
/// short sequence of them (a page walk over a dense backlog, a PR read in two calls).
public struct ForgeWork: Sendable {
    public enum Strategy: Sendable { case batch, single, pageWalk }
    public var repo: String
    public var refs: [BacklogEntry]
    public var strategy: Strategy

    public init(repo: String, refs: [BacklogEntry], strategy: Strategy) {
        self.repo = repo
        self.refs = refs
        self.strategy = strategy
    }
}

/// One forge's API, behind which wire types stay in the client's own folder.
///
/// Clients never sleep or retry themselves: every request goes through the `ForgeTransport`, which
/// paces, honours rate limits and retries. They hand each answer to `save` as soon as its response
/// is parsed, so the resolver commits it before the next request goes out.
protocol ForgeClient: AnyObject {
    /// Splits the backlog into units of work, choosing per repository whatever asks less.
    func plan(_ refs: [BacklogEntry]) -> [ForgeWork]

    /// Resolves one unit. Entries the forge gave no conclusive answer for are left out of `save`.
    func fetch(_ work: ForgeWork, using transport: ForgeTransport,
               save: ([ResolvedRef]) throws -> Void) throws

    /// Commits asked per association request (GitHub GraphQL: up to 100; elsewhere 1).
    var associationBatchSize: Int { get }
    /// True when association costs one request per commit, so only the newest
    /// `forge.associateLimit` commits are asked.
    var associationIsPerCommit: Bool { get }

    /// Which pull requests the commits `shas` of `repo` belong to; shas the forge gave no
    /// conclusive answer for are left out.
    func associate(_ shas: [String], repo: String, using transport: ForgeTransport) throws -> [String: CommitAssociation]
}

/// Why a forge answer could not be used; raised inside the transport's `interpret` closure so the
/// transport can retry or wait.
enum ForgeReplyProblem: Error {
    /// Not the JSON we expected (truncated, wrong shape): retried like a 5xx.
    case malformed(String)
    /// A 200 that says "rate limited" (GitHub GraphQL `RATE_LIMITED`): waited out like a 429.
    case rateLimited(String)
    /// An answer no retry will change (a GraphQL query error): ends the run.
    case rejected(String)
}
