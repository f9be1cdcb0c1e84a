import Foundation

/// GitLab: merge requests and issues (separate number spaces) in `iids[]` batches of 100, one
/// request per batch; the project is addressed by its URL-encoded path.
final class GitLabClient: ForgeClient {
    private let endpoint: ForgeEndpoint
    static let batchSize = 100
    /// The store's own project: GitLab not showing it stops the run (another project's 404 only
    /// means its references are not found).
    private let home: String

    init(endpoint: ForgeEndpoint, home: String) {
        self.endpoint = endpoint
        self.home = home
    }

    let associationBatchSize = 1
    let associationIsPerCommit = true

    func plan(_ refs: [BacklogEntry]) -> [ForgeWork] {
        var work: [ForgeWork] = []
        let groups = Dictionary(grouping: refs) { "\($0.repo)\u{0}\($0.kind == .issue ? "issue" : "pull")" }
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) {
            for start in stride(from: 0, to: group.count, by: Self.batchSize) {
                work.append(ForgeWork(repo: group[0].repo, refs: Array(group[start..<min(start + Self.batchSize, group.count)]),
                                      strategy: .batch))
            }
        }
        return work
    }

    /// `group/sub/project` → `group%2Fsub%2Fproject`.
    static func projectID(_ repo: String) -> String {
        repo.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? repo
    }

    func fetch(_ work: ForgeWork, using transport: ForgeTransport, save: ([ResolvedRef]) throws -> Void) throws {
        let isIssue = work.refs[0].kind == .issue
        let valid = work.refs.filter { $0.number > 0 && $0.number <= Int(Int32.max) }
        let invalid = work.refs.filter { !($0.number > 0 && $0.number <= Int(Int32.max)) }
        if !invalid.isEmpty { try save(invalid.map { ResolvedRef($0, .notFound(reason: "not a valid GitLab reference")) }) }
        guard !valid.isEmpty else { return }
        let iids = valid.map { "iids[]=\($0.number)" }.joined(separator: "&")
        let path = "/projects/\(Self.projectID(work.repo))/\(isIssue ? "issues" : "merge_requests")?\(iids)&state=all&per_page=\(Self.batchSize)"
        let noun = isIssue ? "issue" : "merge request"
        let answers = try transport.send(HTTPRequest(url: endpoint.url(path))) { response -> [ResolvedRef] in
            if response.status == 404 {
                // Private without a token (or one that cannot read it) looks exactly like this:
                // recording every number not found would keep them from being asked again.
                if work.repo.caseInsensitiveCompare(home) == .orderedSame {
                    // A forge.apiUrl without /api/v4 answers 404 for everything: that is the likelier cause.
                    if let hint = ForgeEndpoint.hint(type: .gitlab, apiURL: endpoint.apiURL) {
                        throw ResolverStop.needsToken("GitLab shows no project \(work.repo) (HTTP 404): \(hint)")
                    }
                    throw ResolverStop.needsToken("GitLab shows no project \(work.repo) (HTTP 404): it is private and needs "
                        + "a token that can read it (GITLAB_TOKEN, read_api), or it does not exist; or set forge.repo")
                }
                return valid.map { ResolvedRef($0, .notFound(reason: "GitLab: project \(work.repo) not found")) }
            }
            guard response.status == 200 else {
                throw ForgeReplyProblem.rejected("GitLab answered HTTP \(response.status) to a \(noun) request")
            }
            let items: [ForgeItem]
            do {
                items = isIssue ? try JSONDecoder().decode([GLIssue].self, from: response.body).map(GitLabMapping.item)
                    : try JSONDecoder().decode([GLMergeRequest].self, from: response.body).map(GitLabMapping.item)
            } catch {
                throw ForgeReplyProblem.malformed("unexpected JSON from GitLab")
            }
            let byNumber = Dictionary(items.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
            return valid.map { entry in
                byNumber[entry.number].map { ResolvedRef(entry, .found($0)) }
                    ?? ResolvedRef(entry, .notFound(reason: "GitLab: no \(noun) !\(entry.number) in \(work.repo)"))
            }
        }
        try save(answers)
    }

    func associate(_ shas: [String], repo: String, using transport: ForgeTransport) throws -> [String: CommitAssociation] {
        var out: [String: CommitAssociation] = [:]
        for sha in shas {
            let url = endpoint.url("/projects/\(Self.projectID(repo))/repository/commits/\(sha)/merge_requests")
            out[sha] = try transport.send(HTTPRequest(url: url)) { response in
                switch response.status {
                case 404: return .unknownCommit
                case 200:
                    guard let mrs = try? JSONDecoder().decode([GLMergeRequest].self, from: response.body) else {
                        throw ForgeReplyProblem.malformed("unexpected JSON from GitLab")
                    }
                    return GitLabMapping.association(mrs, sha: sha)
                default:
                    throw ForgeReplyProblem.rejected("GitLab answered HTTP \(response.status) for commit \(sha)")
                }
            }
        }
        return out
    }
}
