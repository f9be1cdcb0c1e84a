/// Gitea/Forgejo v1 wire shapes; `GiteaMapping` turns them into `ForgeItem`s.
struct GTUser: Decodable { var login: String }
struct GTLabel: Decodable { var name: String }
struct GTBranch: Decodable { var ref: String? }

/// `/issues` list items and `/issues/{n}`; pull requests carry `pull_request`.
struct GTIssue: Decodable {
    struct PullInfo: Decodable {
        var merged: Bool?
        var merged_at: String?
        var draft: Bool?
    }
    var number: Int
    var title: String
    var body: String?
    var state: String
    var user: GTUser?
    var labels: [GTLabel]?
    var html_url: String
    var created_at: String?
    var updated_at: String?
    var closed_at: String?
    var pull_request: PullInfo?
}

/// `/pulls/{n}` and `commits/{sha}/pull`.
struct GTPull: Decodable {
    var number: Int
    var title: String
    var body: String?
    var state: String
    var draft: Bool?
    var merged: Bool?
    var merged_at: String?
    var merge_commit_sha: String?
    var user: GTUser?
    var labels: [GTLabel]?
    var html_url: String
    var created_at: String?
    var updated_at: String?
    var closed_at: String?
    var base: GTBranch?
    var head: GTBranch?
}
