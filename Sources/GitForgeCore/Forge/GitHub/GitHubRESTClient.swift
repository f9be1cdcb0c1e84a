import Foundation

/// GitHub without a token (60 requests an hour): REST issue-list pages when the pending numbers
/// are dense, single `/issues/{n}` reads (conditional when refreshing) when they are sparse.
/// The issues endpoint answers for pull requests too; without `/pulls/{n}` (a second request each)
/// base/head branches and the merge commit stay unknown on this path.
final class GitHubRESTClient: ForgeClient {
    private let endpoint: ForgeEndpoint
    static let pageSize = 100
    private let homeCheck: HomeRepositoryCheck

    init(endpoint: ForgeEndpoint, home: String) {
        self.endpoint = endpoint
        homeCheck = HomeRepositoryCheck(home: home, url: { endpoint.url("/repos/\($0)") }) { repo, status in
            "GitHub shows no repository \(repo) without a token (HTTP \(status)): it is private or does not exist; "
                + "set GH_TOKEN or GITHUB_TOKEN, or forge.repo if the name is wrong"
        }
    }

    let associationBatchSize = 1
    let associationIsPerCommit = true

    func plan(_ refs: [BacklogEntry]) -> [ForgeWork] {
        let (askable, invalid) = (refs.filter(GitHubQuery.canAsk), refs.filter { !GitHubQuery.canAsk($0) })
        return [ForgeWork(repo: "*", refs: invalid, strategy: .batch)].filter { !$0.refs.isEmpty }
            + ForgeWork.densePlan(askable, pageSize: Self.pageSize)
    }

    func fetch(_ work: ForgeWork, using transport: ForgeTransport, save: ([ResolvedRef]) throws -> Void) throws {
        switch work.strategy {
        case .batch:
            try save(work.refs.map { ResolvedRef($0, .notFound(reason: "not a valid GitHub reference")) })
        case .pageWalk:
            let walk = PageWalk(
                pageURL: { self.endpoint.url("/repos/\(work.repo)/issues?state=all&sort=created&direction=asc&per_page=\(Self.pageSize)&page=\($0)") },
                pageSize: Self.pageSize, ascending: true, forgeName: "GitHub", key: "github \(work.repo)",
                decode: { response in
                    guard let list = try? JSONDecoder().decode(LossyList<GHRestIssue>.self, from: response.body) else {
                        throw ForgeReplyProblem.malformed("unexpected JSON from GitHub")
                    }
                    return (list.elements.map { GitHubMapping.item($0, etag: nil) }, list.count)
                })
            try homeCheck.walking(work.repo, transport: transport) {
                try walk.run(work.refs, transport: transport, request: { HTTPRequest(url: $0) }, save: save) { entry in
                    try self.homeCheck.checked(try self.single(entry, transport: transport), transport: transport)
                }
            }
        case .single:
            for entry in work.refs {
                try save([try homeCheck.checked(try single(entry, transport: transport), transport: transport)])
            }
        }
    }

    private func single(_ entry: BacklogEntry, transport: ForgeTransport) throws -> ResolvedRef {
        var request = HTTPRequest(url: endpoint.url("/repos/\(entry.repo)/issues/\(entry.number)"))
        if let etag = entry.etag { request.headers["If-None-Match"] = etag }
        return try transport.send(request) { response in
            switch response.status {
            case 304: return ResolvedRef(entry, .unchanged)
            case 404, 410: return ResolvedRef(entry, .notFound(reason: "GitHub: HTTP \(response.status)"))
            case 200:
                guard let issue = try? JSONDecoder().decode(GHRestIssue.self, from: response.body) else {
                    throw ForgeReplyProblem.malformed("unexpected JSON from GitHub")
                }
                return ResolvedRef(entry, .found(GitHubMapping.item(issue, etag: response.headers["etag"])))
            default:
                throw ForgeReplyProblem.rejected("GitHub answered HTTP \(response.status) for \(entry.repo)#\(entry.number)")
            }
        }
    }

    func associate(_ shas: [String], repo: String, using transport: ForgeTransport) throws -> [String: CommitAssociation] {
        var out: [String: CommitAssociation] = [:]
        for sha in shas {
            out[sha] = try transport.send(HTTPRequest(url: endpoint.url("/repos/\(repo)/commits/\(sha)/pulls"))) { response in
                switch response.status {
                case 404, 422: return .unknownCommit
                case 200:
                    guard let pulls = try? JSONDecoder().decode([GHRestPull].self, from: response.body) else {
                        throw ForgeReplyProblem.malformed("unexpected JSON from GitHub")
                    }
                    let best = pulls.sorted { ($0.merge_commit_sha == sha ? 0 : 1) < ($1.merge_commit_sha == sha ? 0 : 1) }
                    return best.isEmpty ? CommitAssociation.none : .pulls(best.map(\.number))
                default:
                    throw ForgeReplyProblem.rejected("GitHub answered HTTP \(response.status) for commit \(sha)")
                }
            }
        }
        return out
    }
}
