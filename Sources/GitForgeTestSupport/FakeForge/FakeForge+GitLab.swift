import Foundation

/// GitLab v4: `merge_requests?iids[]=…`, `issues?iids[]=…` and `repository/commits/:sha/merge_requests`
/// under `/api/v4/projects/<url-encoded path>`.
extension FakeForge {
    func gitlab(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
        let (rawPath, query) = Self.split(request.path)
        let prefix = "/api/v4/projects/"
        guard rawPath.hasPrefix(prefix) else { return Self.json(["message": "404 Not Found"], status: 404) }
        // The project id arrives percent-encoded ("group%2Fproject"); the rest of the path is plain.
        let rest = rawPath.dropFirst(prefix.count).split(separator: "/").map(String.init)
        guard let encoded = rest.first, let project = encoded.removingPercentEncoding, project.contains("/") else {
            return Self.json(["message": "404 Project Not Found"], status: 404)
        }
        let mrs = items(project), issueSpace = issues(project)
        if mrs.isEmpty && issueSpace.isEmpty || isHidden(project) { return Self.json(["message": "404 Project Not Found"], status: 404) }
        let iids = Set(query.filter { $0.0 == "iids[]" }.compactMap { Int($0.1) })
        switch rest.dropFirst().joined(separator: "/") {
        case "merge_requests":
            let found = mrs.values.filter { iids.isEmpty || iids.contains($0.number) }.sorted { $0.number > $1.number }
            return Self.json(found.prefix(100).map { mergeRequest($0, project) })
        case "issues":
            let found = issueSpace.values.filter { iids.isEmpty || iids.contains($0.number) }.sorted { $0.number > $1.number }
            return Self.json(found.prefix(100).map { issue($0, project) })
        case let tail where tail.hasPrefix("repository/commits/") && tail.hasSuffix("/merge_requests"):
            let sha = tail.split(separator: "/")[2]
            guard let numbers = pulls(for: String(sha)) else { return Self.json(["message": "404 Commit Not Found"], status: 404) }
            return Self.json(numbers.compactMap { mrs[$0] }.map { mergeRequest($0, project) })
        default:
            return Self.json(["message": "404 Not Found"], status: 404)
        }
    }

    private func mergeRequest(_ item: FakeForgeItem, _ project: String) -> [String: Any?] {
        ["id": 1000 + item.number, "iid": item.number, "title": item.title, "description": item.body,
         "state": item.state == .open ? "opened" : item.state.rawValue, "draft": item.draft,
         "author": ["username": item.author], "labels": item.labels,
         "web_url": "https://gitlab.com/\(project)/-/merge_requests/\(item.number)",
         "created_at": item.createdAt, "updated_at": item.updatedAt, "closed_at": item.state == .closed ? item.closedAt : nil,
         "merged_at": item.mergedAt, "target_branch": item.baseRef, "source_branch": item.headRef,
         "merge_commit_sha": item.mergeCommit, "squash_commit_sha": nil]
    }

    private func issue(_ item: FakeForgeItem, _ project: String) -> [String: Any?] {
        ["id": 5000 + item.number, "iid": item.number, "title": item.title, "description": item.body,
         "state": item.state == .open ? "opened" : "closed", "author": ["username": item.author],
         "labels": item.labels, "web_url": "https://gitlab.com/\(project)/-/issues/\(item.number)",
         "created_at": item.createdAt, "updated_at": item.updatedAt, "closed_at": item.closedAt]
    }
}
