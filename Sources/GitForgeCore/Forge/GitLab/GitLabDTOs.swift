/// GitLab v4 wire shapes; `GitLabMapping` turns them into `ForgeItem`s.
struct GLUser: Decodable { var username: String }

struct GLMergeRequest: Decodable {
    var iid: Int
    var title: String
    var description: String?
    var state: String
    var draft: Bool?
    var work_in_progress: Bool?
    var author: GLUser?
    var labels: [String]?
    var web_url: String
    var created_at: String?
    var updated_at: String?
    var closed_at: String?
    var merged_at: String?
    var target_branch: String?
    var source_branch: String?
    var merge_commit_sha: String?
    var squash_commit_sha: String?
}

struct GLIssue: Decodable {
    var iid: Int
    var title: String
    var description: String?
    var state: String
    var author: GLUser?
    var labels: [String]?
    var web_url: String
    var created_at: String?
    var updated_at: String?
    var closed_at: String?
}
