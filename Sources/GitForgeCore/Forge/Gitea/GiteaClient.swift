import Foundation

/// Gitea/Forgejo: no batch filter exists, so a dense backlog is read as `/issues?type=all` pages
/// (50 per page, the servers' default cap) and a sparse one number by number: `/issues/{n}`, then
/// `/pulls/{n}` for a pull request's branches and merge commit. Single reads are conditional
/// (`If-None-Match`) when refreshing.
final class GiteaClient: ForgeClient {
    private let endpoint: ForgeEndpoint
    static let pageSize = 50
    private let homeCheck: HomeRepositoryCheck

    init(endpoint: ForgeEndpoint, home: String) {
        self.endpoint = endpoint
        homeCheck = HomeRepositoryCheck(home: home, url: { endpoint.url("/repos/\($0)") }) { repo, status in
            "Gitea shows no repository \(repo) (HTTP \(status)): it is private and needs a token that can read it "
                + "(GITEA_TOKEN or FORGEJO_TOKEN), or it does not exist; or set forge.repo"
        }
    }

    let associationBatchSize = 1
    let associationIsPerCommit = true

    func plan(_ refs: [BacklogEntry]) -> [ForgeWork] {
        ForgeWork.densePlan(refs, pageSize: Self.pageSize)
    }

    func fetch(_ work: ForgeWork, using transport: ForgeTransport, save: ([ResolvedRef]) throws -> Void) throws {
        switch work.strategy {
        case .pageWalk:
            let walk = PageWalk(
                pageURL: { self.endpoint.url("/repos/\(work.repo)/issues?type=all&state=all&limit=\(Self.pageSize)&page=\($0)") },
                pageSize: Self.pageSize, ascending: false, forgeName: "Gitea", key: "gitea \(work.repo)",
                decode: { response in
                    guard let list = try? JSONDecoder().decode(LossyList<GTIssue>.self, from: response.body) else {
                        throw ForgeReplyProblem.malformed("unexpected JSON from Gitea")
                    }
                    return (list.elements.map { GiteaMapping.item($0) }, list.count)
                })
            try homeCheck.walking(work.repo, transport: transport) {
                try walk.run(work.refs, transport: transport, request: { HTTPRequest(url: $0) }, save: save) { entry in
                    try self.homeCheck.checked(try self.single(entry, transport: transport), transport: transport)
                }
            }
        case .single, .batch:
            for entry in work.refs {
                try save([try homeCheck.checked(try single(entry, transport: transport), transport: transport)])
            }
        }
    }

    private func single(_ entry: BacklogEntry, transport: ForgeTransport) throws -> ResolvedRef {
        guard entry.number > 0, entry.number <= Int(Int64(Int32.max) * 2) else {
            return ResolvedRef(entry, .notFound(reason: "not a valid Gitea reference"))
        }
        let asPull = entry.cachedKind == .pull
        var request = HTTPRequest(url: endpoint.url("/repos/\(entry.repo)/\(asPull ? "pulls" : "issues")/\(entry.number)"))
        if let etag = entry.etag { request.headers["If-None-Match"] = etag }
        enum First { case done(ResolvedRef), pull }
        let first = try transport.send(request) { response -> First in
            switch response.status {
            case 304: return .done(ResolvedRef(entry, .unchanged))
            case 404, 410: return .done(ResolvedRef(entry, .notFound(reason: "Gitea: HTTP \(response.status)")))
            case 200:
                if asPull { return .done(ResolvedRef(entry, .found(try Self.decodePull(response)))) }
                guard let issue = try? JSONDecoder().decode(GTIssue.self, from: response.body) else {
                    throw ForgeReplyProblem.malformed("unexpected JSON from Gitea")
                }
                return issue.pull_request == nil
                    ? .done(ResolvedRef(entry, .found(GiteaMapping.item(issue, etag: response.headers["etag"])))) : .pull
            default:
                throw ForgeReplyProblem.rejected("Gitea answered HTTP \(response.status) for \(entry.repo)#\(entry.number)")
            }
        }
        if case let .done(answer) = first { return answer }
        let pullURL = endpoint.url("/repos/\(entry.repo)/pulls/\(entry.number)")
        return try transport.send(HTTPRequest(url: pullURL)) { response in
            guard response.status == 200 else {
                throw ForgeReplyProblem.rejected("Gitea answered HTTP \(response.status) for pull \(entry.repo)#\(entry.number)")
            }
            return ResolvedRef(entry, .found(try Self.decodePull(response)))
        }
    }

    private static func decodePull(_ response: HTTPResponse) throws -> ForgeItem {
        guard let pull = try? JSONDecoder().decode(GTPull.self, from: response.body) else {
            throw ForgeReplyProblem.malformed("unexpected JSON from Gitea")
        }
        return GiteaMapping.item(pull, etag: response.headers["etag"])
    }

    func associate(_ shas: [String], repo: String, using transport: ForgeTransport) throws -> [String: CommitAssociation] {
        var out: [String: CommitAssociation] = [:]
        for sha in shas {
            out[sha] = try transport.send(HTTPRequest(url: endpoint.url("/repos/\(repo)/commits/\(sha)/pull"))) { response in
                switch response.status {
                // Older servers lack the endpoint, and it 404s for commits no PR merged: both mean "none known".
                case 404: return CommitAssociation.none
                case 200:
                    guard let pull = try? JSONDecoder().decode(GTPull.self, from: response.body) else {
                        throw ForgeReplyProblem.malformed("unexpected JSON from Gitea")
                    }
                    return .pulls([pull.number])
                default:
                    throw ForgeReplyProblem.rejected("Gitea answered HTTP \(response.status) for commit \(sha)")
                }
            }
        }
        return out
    }
}
