import Foundation

/// Gitea/Forgejo v1: `/issues` pages (newest first, `limit` capped at 50, `Link` and
/// `X-Total-Count`), `/issues/{n}`, `/pulls/{n}` and `commits/{sha}/pull` under `/api/v1/repos`.
extension FakeForge {
    func gitea(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
        let (path, query) = Self.split(request.path)
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 5, parts[0] == "api", parts[1] == "v1", parts[2] == "repos" else {
            return Self.json(["message": "The target couldn't be found."], status: 404)
        }
        let repo = "\(parts[3])/\(parts[4])"
        let all = items(repo)
        let notFound = Self.json(["errors": [], "message": "The target couldn't be found.", "url": "\(request.baseURL)/api/swagger"], status: 404)
        if isHidden(repo) { return notFound }
        if parts.count == 5 { return Self.json(["full_name": repo, "private": false]) }
        switch (parts.count, parts[5]) {
        case (6, "issues"):
            let limit = min(pageCap, Int(query.first { $0.0 == "limit" }?.1 ?? "30") ?? 30)
            let page = ignoresPage ? 1 : Int(query.first { $0.0 == "page" }?.1 ?? "1") ?? 1
            let type = query.first { $0.0 == "type" }?.1
            let listed = all.values.filter { type == "pulls" ? $0.isPull : (type == "issues" ? !$0.isPull : true) }
                .sorted { $0.number > $1.number }
            return Self.page(listed, render: { self.issue($0, repo) }, page: page, perPage: limit, request: request, path: path,
                             query: query, totalCount: true)
        case (7, "issues"):
            guard let n = Int(parts[6]), let item = all[n] else { return notFound }
            return Self.conditional(issue(item, repo), request)
        case (7, "pulls"):
            guard let n = Int(parts[6]), let item = all[n], item.isPull else { return notFound }
            return Self.conditional(pull(item, repo), request)
        case (8, "commits") where parts[7] == "pull":
            guard let number = pulls(for: parts[6])?.first, let item = all[number] else { return notFound }
            return Self.json(pull(item, repo))
        default:
            return notFound
        }
    }

    private func issue(_ item: FakeForgeItem, _ repo: String) -> [String: Any?] {
        var json: [String: Any?] = [
            "id": 9000 + item.number, "number": item.number, "title": item.title, "body": item.body,
            "state": item.state == .open ? "open" : "closed", "user": ["login": item.author],
            "labels": item.labels.map { ["name": $0] }, "html_url": "https://codeberg.org/\(repo)/issues/\(item.number)",
            "created_at": item.createdAt, "updated_at": item.updatedAt, "closed_at": item.closedAt,
            "pull_request": nil,
        ]
        if item.isPull {
            json["html_url"] = "https://codeberg.org/\(repo)/pulls/\(item.number)"
            json["pull_request"] = ["merged": item.state == .merged, "merged_at": item.mergedAt, "draft": item.draft] as [String: Any?]
        }
        return json
    }

    private func pull(_ item: FakeForgeItem, _ repo: String) -> [String: Any?] {
        ["id": 9000 + item.number, "number": item.number, "title": item.title, "body": item.body,
         "state": item.state == .open ? "open" : "closed", "draft": item.draft, "merged": item.state == .merged,
         "merged_at": item.mergedAt, "merge_commit_sha": item.mergeCommit, "user": ["login": item.author],
         "labels": item.labels.map { ["name": $0] }, "html_url": "https://codeberg.org/\(repo)/pulls/\(item.number)",
         "created_at": item.createdAt, "updated_at": item.updatedAt, "closed_at": item.closedAt,
         "base": ["ref": item.baseRef], "head": ["ref": item.headRef]]
    }
}
