import Foundation

/// GitHub wire shapes → `ForgeItem`, and GraphQL envelopes → answers per backlog entry.
enum GitHubMapping {
    static func item(_ node: GHNode) -> ForgeItem {
        let isPull = node.__typename == "PullRequest"
        let state: ForgeItem.State = switch node.state {
        case "MERGED": .merged
        case "CLOSED": .closed
        default: .open
        }
        return ForgeItem(
            kind: isPull ? .pull : .issue, number: node.number, title: node.title, body: node.body ?? "",
            state: state, draft: node.isDraft ?? false, author: node.author?.login,
            labels: node.labels?.nodes?.compactMap { $0?.name } ?? [], url: node.url,
            createdAt: node.createdAt, updatedAt: node.updatedAt, closedAt: node.closedAt, mergedAt: node.mergedAt,
            baseRef: node.baseRefName, headRef: node.headRefName, mergeCommitSHA: node.mergeCommit?.oid,
            approvals: isPull ? node.reviews?.totalCount : nil,
            closes: node.closingIssuesReferences?.nodes?.compactMap { $0 }.map {
                ForgeItem.Link(repo: $0.repository.nameWithOwner, number: $0.number)
            } ?? [])
    }

    static func item(_ issue: GHRestIssue, etag: String?) -> ForgeItem {
        let isPull = issue.pull_request != nil
        let merged = issue.pull_request?.merged_at != nil
        return ForgeItem(
            kind: isPull ? .pull : .issue, number: issue.number, title: issue.title, body: issue.body ?? "",
            state: merged ? .merged : (issue.state == "closed" ? .closed : .open), draft: issue.draft ?? false,
            author: issue.user?.login, labels: issue.labels?.map(\.name) ?? [], url: issue.html_url,
            createdAt: issue.created_at, updatedAt: issue.updated_at, closedAt: issue.closed_at,
            mergedAt: issue.pull_request?.merged_at, etag: etag)
    }

    /// Decodes a GraphQL reply, turning GitHub's error conventions into transport problems:
    /// `RATE_LIMITED` is waited out, a reply with no data is a rejected query.
    static func envelope<Payload: Decodable>(_ response: HTTPResponse, as: Payload.Type) throws -> GHGraphQLEnvelope<Payload> {
        guard response.status == 200 else {
            throw ForgeReplyProblem.rejected("GitHub GraphQL answered HTTP \(response.status)")
        }
        let envelope: GHGraphQLEnvelope<Payload>
        do {
            envelope = try JSONDecoder().decode(GHGraphQLEnvelope<Payload>.self, from: response.body)
        } catch {
            throw ForgeReplyProblem.malformed("unexpected JSON from GitHub GraphQL")
        }
        if let limited = envelope.errors?.first(where: { $0.type == "RATE_LIMITED" }) {
            throw ForgeReplyProblem.rateLimited("GitHub GraphQL: \(limited.message)")
        }
        if envelope.data == nil {
            let message = envelope.errors?.first?.message ?? "no data"
            throw ForgeReplyProblem.rejected("GitHub GraphQL rejected the query: \(message.prefix(200))")
        }
        return envelope
    }

    /// The repositories the reply says do not exist (a `NOT_FOUND` on the repository itself).
    static func missingRepositories(_ envelope: GHGraphQLEnvelope<GHAliasedData<GHNode>>, query: GitHubQuery) -> [String] {
        let missing = Set((envelope.errors ?? []).filter { $0.type == "NOT_FOUND" && $0.path?.count == 1 }.compactMap { $0.path?.first })
        return query.blocks.filter { missing.contains($0.key) && (envelope.data?.blocks[$0.key] ?? nil) == nil }.map(\.value.repo)
    }

    /// One answer per entry the reply is conclusive about. A null with a `NOT_FOUND` error (or a
    /// missing repository) is not found; a null for any other reason is left out, to retry later.
    static func answers(_ envelope: GHGraphQLEnvelope<GHAliasedData<GHNode>>, query: GitHubQuery) -> [ResolvedRef] {
        var errors: [String: GHGraphQLError] = [:]
        for error in envelope.errors ?? [] { errors[(error.path ?? []).joined(separator: ".")] = error }
        var out: [ResolvedRef] = []
        for (alias, block) in query.blocks.sorted(by: { $0.key < $1.key }) {
            let nodes = envelope.data?.blocks[alias] ?? nil
            for (name, entry) in block.entries.sorted(by: { $0.key < $1.key }) {
                if let nodes, let node = nodes[name] ?? nil {
                    out.append(ResolvedRef(entry, .found(item(node))))
                } else if nodes == nil, let error = errors[alias], error.type == "NOT_FOUND" {
                    out.append(ResolvedRef(entry, .notFound(reason: "GitHub: \(error.message)")))
                } else if let error = errors["\(alias).\(name)"], error.type == "NOT_FOUND" {
                    out.append(ResolvedRef(entry, .notFound(reason: "GitHub: \(error.message)")))
                }
            }
        }
        return out
    }

    /// Picks the pull request a commit came from: the one it is the merge commit of, else a
    /// merged one, else the first.
    static func association(_ node: GHCommitNode?, sha: String) -> CommitAssociation {
        guard let node else { return .unknownCommit }
        let pulls = node.associatedPullRequests?.nodes?.compactMap { $0 } ?? []
        guard !pulls.isEmpty else { return .none }
        let ranked = pulls.enumerated().sorted { a, b in
            func rank(_ p: GHCommitNode.Pull) -> Int {
                p.mergeCommit?.oid == sha ? 0 : (p.state == "MERGED" ? 1 : 2)
            }
            return (rank(a.element), a.offset) < (rank(b.element), b.offset)
        }
        return .pulls(ranked.map(\.element.number))
    }
}
