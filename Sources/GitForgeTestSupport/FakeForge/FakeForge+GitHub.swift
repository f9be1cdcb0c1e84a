import Foundation

/// GitHub: GraphQL (`repository` blocks of `issueOrPullRequest` / `object(oid:)` aliases, read
/// from the query text) and REST (`/issues/{n}`, `/issues` pages, `commits/{sha}/pulls`).
extension FakeForge {
    func github(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
        let (path, query) = Self.split(request.path)
        if request.method == "POST", path == "/graphql" || path == "/api/graphql" { return graphQL(request) }
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "repos" else { return Self.json(["message": "Not Found"], status: 404) }
        let repo = "\(parts[1])/\(parts[2])"
        if isHidden(repo) { return Self.json(["message": "Not Found"], status: 404) }
        if parts.count == 3 { return Self.json(["full_name": repo, "private": false]) }
        let all = items(repo)
        switch (parts.count, parts[3]) {
        case (4, "issues"):
            let perPage = Int(query.first { $0.0 == "per_page" }?.1 ?? "30") ?? 30
            let page = ignoresPage ? 1 : Int(query.first { $0.0 == "page" }?.1 ?? "1") ?? 1
            let ascending = query.contains { $0 == ("direction", "asc") }
            // `sort=created` orders by creation time: an issue transferred in keeps its date, not its number's place.
            let byCreated = query.contains { $0 == ("sort", "created") }
            let sorted = all.values.sorted {
                let (a, b) = byCreated ? (($0.createdAt, $0.number), ($1.createdAt, $1.number)) : (("", $0.number), ("", $1.number))
                return ascending ? a < b : a > b
            }
            return Self.page(sorted, render: { self.restIssue($0, repo: repo) }, page: page, perPage: min(100, perPage), request: request,
                             path: path, query: query, totalCount: false)
        case (5, "issues"):
            guard let n = Int(parts[4]), let item = all[n] else { return Self.json(["message": "Not Found"], status: 404) }
            return Self.conditional(restIssue(item, repo: repo), request)
        case (6, "commits") where parts[5] == "pulls":
            guard let numbers = pulls(for: parts[4]) else {
                return Self.json(["message": "No commit found for SHA: \(parts[4])"], status: 422)
            }
            return Self.json(numbers.compactMap { all[$0] }.map { ["number": $0.number, "merge_commit_sha": $0.mergeCommit, "merged_at": $0.mergedAt] as [String: Any?] })
        default:
            return Self.json(["message": "Not Found"], status: 404)
        }
    }

    private func restIssue(_ item: FakeForgeItem, repo: String) -> [String: Any?] {
        var json: [String: Any?] = [
            "number": item.number, "title": item.title, "body": item.body,
            "state": item.state == .open ? "open" : "closed", "user": ["login": item.author],
            "labels": item.labels.map { ["name": $0] }, "html_url": "https://github.com/\(repo)/\(item.isPull ? "pull" : "issues")/\(item.number)",
            "created_at": item.createdAt, "updated_at": item.updatedAt, "closed_at": item.closedAt,
        ]
        if item.isPull {
            json["draft"] = item.draft
            json["pull_request"] = ["url": "https://api.github.com/repos/\(repo)/pulls/\(item.number)", "merged_at": item.mergedAt] as [String: Any?]
        }
        return json
    }

    // MARK: GraphQL

    private func graphQL(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
        guard let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
              let text = body["query"] as? String else {
            return Self.json(["message": "Problems parsing JSON"], status: 400)
        }
        let blocks = Self.parseBlocks(text)
        if blocks.reduce(0, { $0 + $1.aliases.count }) > maxAliases {
            return Self.json(["message": "We couldn't respond to your request in time."], status: 502)
        }
        var data: [String: Any?] = ["rateLimit": ["cost": 1, "remaining": 4999, "resetAt": "2030-01-01T00:00:00Z"]]
        var errors: [[String: Any]] = []
        for block in blocks {
            let all = items(block.repo)
            guard !all.isEmpty, !isHidden(block.repo) else {
                data[block.alias] = nil
                errors.append(["type": "NOT_FOUND", "path": [block.alias],
                               "message": "Could not resolve to a Repository with the name '\(block.repo)'."])
                continue
            }
            var nodes: [String: Any?] = [:]
            for (alias, argument) in block.aliases {
                if alias.hasPrefix("c") {
                    nodes[alias] = pulls(for: argument).map { numbers in
                        ["associatedPullRequests": ["nodes": numbers.compactMap { all[$0] }.map {
                            ["number": $0.number, "state": graphQLState($0),
                             "mergeCommit": $0.mergeCommit.map { ["oid": $0] }] as [String: Any?]
                        }]]
                    } ?? nil
                } else if let number = Int(argument), let item = all[number] {
                    nodes[alias] = graphQLNode(item, repo: block.repo)
                } else {
                    nodes[alias] = nil
                    errors.append(["type": "NOT_FOUND", "path": [block.alias, alias],
                                   "message": "Could not resolve to an issue or pull request with the number of \(argument)."])
                }
            }
            data[block.alias] = nodes
        }
        var reply: [String: Any?] = ["data": data]
        if !errors.isEmpty { reply["errors"] = errors }
        return Self.json(reply)
    }

    private func graphQLState(_ item: FakeForgeItem) -> String {
        switch item.state { case .open: "OPEN"; case .closed: "CLOSED"; case .merged: "MERGED" }
    }

    private func graphQLNode(_ item: FakeForgeItem, repo: String) -> [String: Any?] {
        var node: [String: Any?] = [
            "__typename": item.isPull ? "PullRequest" : "Issue", "number": item.number, "title": item.title,
            "body": item.body, "state": graphQLState(item), "url": "https://github.com/\(repo)/\(item.isPull ? "pull" : "issues")/\(item.number)",
            "createdAt": item.createdAt, "updatedAt": item.updatedAt, "closedAt": item.closedAt,
            "author": ["login": item.author], "labels": ["nodes": item.labels.map { ["name": $0] }],
        ]
        if item.isPull {
            node["isDraft"] = item.draft
            node["mergedAt"] = item.mergedAt
            node["baseRefName"] = item.baseRef
            node["headRefName"] = item.headRef
            node["mergeCommit"] = item.mergeCommit.map { ["oid": $0] }
            node["reviews"] = ["totalCount": item.approvals]
            node["closingIssuesReferences"] = ["nodes": item.closes.map { ["number": $0, "repository": ["nameWithOwner": repo]] }]
        }
        return node
    }

    public struct Block: Sendable {
        public var alias: String
        public var repo: String
        /// Alias → argument (`n12` → "12", `c0` → sha), in query order.
        public var aliases: [(String, String)]
    }

    /// Reads our own query shape: `rN: repository(owner: "o", name: "r") { nK: issueOrPullRequest(number: K) … }`.
    public static func parseBlocks(_ text: String) -> [Block] {
        var blocks: [Block] = []
        let scanner = text as NSString
        let pattern = try! NSRegularExpression(pattern:
            #"(r\d+): repository\(owner: "([^"]*)", name: "([^"]*)"\)|(n\d+): issueOrPullRequest\(number: (\d+)\)|(c\d+): object\(oid: "([0-9a-f]+)"\)"#)
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: scanner.length)) {
            func group(_ i: Int) -> String? {
                let range = match.range(at: i)
                return range.location == NSNotFound ? nil : scanner.substring(with: range)
            }
            if let alias = group(1), let owner = group(2), let name = group(3) {
                blocks.append(Block(alias: alias, repo: "\(owner)/\(name)", aliases: []))
            } else if let alias = group(4) ?? group(6), let argument = group(5) ?? group(7), !blocks.isEmpty {
                blocks[blocks.count - 1].aliases.append((alias, argument))
            }
        }
        return blocks
    }
}
