/// Where a commit message was written. The same text means different things on different
/// forges (`!12` is a merge request on GitLab and nothing on GitHub; `GH-12` is the reverse),
/// and references to the repository itself must collapse to `nil`, so the parser cannot work
/// without knowing this.
public struct ReferenceContext: Sendable {
    public var forge: ForgeType
    /// Web host of the forge, e.g. "github.com" or "gitlab.example.com:8443". Only URLs on this
    /// host are references; `nil` means no URL is ever treated as one.
    public var host: String?
    /// Path of the repository being ingested, e.g. "owner/name" or "group/sub/project".
    public var repo: String?

    public init(forge: ForgeType, host: String?, repo: String?) {
        self.forge = forge
        self.host = host
        self.repo = repo
    }
}

/// The context pre-digested into bytes once per parser, so the per-message scan never touches
/// `String` APIs (which are Unicode-aware and therefore slow) in its hot loop.
struct ReferenceSyntax: Sendable {
    let forge: ForgeType
    /// GitHub, Gitea and Forgejo: one number sequence for issues and pull requests.
    let sharedNumberSpace: Bool
    /// `GH-12` is GitHub's own alias for `#12`; elsewhere it is just text (often a Jira-like key).
    let acceptsGHPrefix: Bool
    /// `!12` is a merge request on GitLab. Gitea/Forgejo only write `!12` in merge subjects of
    /// repositories with an external issue tracker.
    let bangIsMergeRequest: Bool
    /// Lower-cased host name without port; empty when URLs must never match.
    let hostName: [UInt8]
    /// Port the host was configured with; empty means any port (or none) matches.
    let hostPort: [UInt8]
    /// Lower-cased path of the current repository; empty when unknown.
    let currentRepo: [UInt8]
    /// Bytes that can start a reference on this forge. `#` and the `:` of `://` always
    /// (URLs must be consumed whole even when their host is foreign, so their fragments are
    /// never mistaken for references); `-` only where `GH-` exists, `!` only where it means something.
    let triggers: (UInt8, UInt8, UInt8)

    init(_ context: ReferenceContext) {
        forge = context.forge
        sharedNumberSpace = context.forge != .gitlab
        acceptsGHPrefix = context.forge == .github
        bangIsMergeRequest = context.forge == .gitlab
        triggers = context.forge == .github
            ? (ReferenceBytes.hash, ReferenceBytes.colon, ReferenceBytes.dash)
            : (ReferenceBytes.hash, ReferenceBytes.colon, ReferenceBytes.bang)

        (hostName, hostPort) = Self.normalisedHost(context.host)
        currentRepo = Self.normalisedRepo(context.repo)
    }

    /// Accepts what people actually paste into configuration: "https://GitHub.com/", "host:port".
    private static func normalisedHost(_ host: String?) -> ([UInt8], [UInt8]) {
        guard var bytes = host.map({ Array($0.utf8) }) else { return ([], []) }
        bytes = ReferenceBytes.trimmed(bytes, isTrimmed: { $0 <= 0x20 })
        if let schemeEnd = ReferenceBytes.firstIndex(of: Array("://".utf8), in: bytes) {
            bytes.removeSubrange(0..<(schemeEnd + 3))
        }
        if let slash = bytes.firstIndex(of: ReferenceBytes.slash) {
            bytes.removeSubrange(slash...)
        }
        var port: [UInt8] = []
        if let colon = bytes.firstIndex(of: ReferenceBytes.colon) {
            port = Array(bytes[(colon + 1)...])
            bytes.removeSubrange(colon...)
        }
        return (bytes.map(ReferenceBytes.lowercased), port)
    }

    /// Tolerates the shapes a remote URL yields ("/owner/name.git/") so callers can pass what
    /// they have; forges forbid repository names ending in ".git", so stripping it is lossless.
    private static func normalisedRepo(_ repo: String?) -> [UInt8] {
        guard let repo else { return [] }
        var bytes = ReferenceBytes.trimmed(Array(repo.utf8), isTrimmed: { $0 <= 0x20 || $0 == ReferenceBytes.slash })
        let gitSuffix = Array(".git".utf8)
        if bytes.count > gitSuffix.count, bytes.suffix(gitSuffix.count).map(ReferenceBytes.lowercased) == gitSuffix {
            bytes.removeLast(gitSuffix.count)
        }
        return bytes.map(ReferenceBytes.lowercased)
    }
}
