/// GitHub's wire shapes (GraphQL and REST). They never leave this folder: `GitHubMapping` turns
/// them into `ForgeItem`s.
struct GHGraphQLEnvelope<Payload: Decodable>: Decodable {
    var data: Payload?
    var errors: [GHGraphQLError]?
}

struct GHGraphQLError: Decodable {
    var type: String?
    var message: String
    var path: [String]?

    enum CodingKeys: String, CodingKey { case type, message, path }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        message = try c.decodeIfPresent(String.self, forKey: .message) ?? "GraphQL error"
        // Paths mix names and list indexes.
        if var list = try? c.nestedUnkeyedContainer(forKey: .path) {
            var parts: [String] = []
            while !list.isAtEnd {
                if let name = try? list.decode(String.self) { parts.append(name) }
                else if let index = try? list.decode(Int.self) { parts.append(String(index)) }
                else { break }
            }
            path = parts
        }
    }
}

/// `data` of a batch query: `rateLimit` plus `rN` repository blocks keyed by alias.
struct GHAliasedData<Node: Decodable>: Decodable {
    var blocks: [String: [String: Node?]?]

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var blocks: [String: [String: Node?]?] = [:]
        for key in c.allKeys where key.stringValue != "rateLimit" {
            blocks[key.stringValue] = try c.decodeIfPresent([String: Node?].self, forKey: key)
        }
        self.blocks = blocks
    }
}

struct GHNode: Decodable {
    struct Actor: Decodable { var login: String }
    struct Label: Decodable { var name: String }
    struct Labels: Decodable { var nodes: [Label?]? }
    struct Oid: Decodable { var oid: String }
    struct Count: Decodable { var totalCount: Int }
    struct Closing: Decodable {
        struct Repo: Decodable { var nameWithOwner: String }
        var number: Int
        var repository: Repo
    }
    struct ClosingList: Decodable { var nodes: [Closing?]? }

    var __typename: String
    var number: Int
    var title: String
    var body: String?
    var state: String
    var isDraft: Bool?
    var url: String
    var createdAt: String?
    var updatedAt: String?
    var closedAt: String?
    var mergedAt: String?
    var author: Actor?
    var labels: Labels?
    var baseRefName: String?
    var headRefName: String?
    var mergeCommit: Oid?
    var reviews: Count?
    var closingIssuesReferences: ClosingList?
}

struct GHCommitNode: Decodable {
    struct Pulls: Decodable { var nodes: [Pull?]? }
    struct Pull: Decodable {
        var number: Int
        var state: String?
        var mergeCommit: GHNode.Oid?
    }
    var associatedPullRequests: Pulls?
}

/// REST `/issues/{n}` and list items; pull requests carry `pull_request`.
struct GHRestIssue: Decodable {
    struct User: Decodable { var login: String }
    struct Label: Decodable { var name: String }
    struct PullInfo: Decodable { var merged_at: String? }
    var number: Int
    var title: String
    var body: String?
    var state: String
    var draft: Bool?
    var user: User?
    var labels: [Label]?
    var html_url: String
    var created_at: String?
    var updated_at: String?
    var closed_at: String?
    var pull_request: PullInfo?
}

/// REST `commits/{sha}/pulls` items.
struct GHRestPull: Decodable {
    var number: Int
    var merge_commit_sha: String?
    var merged_at: String?
}
