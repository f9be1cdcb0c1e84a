/// GitLab wire shapes → `ForgeItem`.
enum GitLabMapping {
    static func item(_ mr: GLMergeRequest) -> ForgeItem {
        let state: ForgeItem.State = switch mr.state {
        case "merged": .merged
        case "closed", "locked": .closed
        default: .open
        }
        return ForgeItem(
            kind: .pull, number: mr.iid, title: mr.title, body: mr.description ?? "", state: state,
            draft: mr.draft ?? mr.work_in_progress ?? false, author: mr.author?.username, labels: mr.labels ?? [],
            url: mr.web_url, createdAt: mr.created_at, updatedAt: mr.updated_at, closedAt: mr.closed_at,
            mergedAt: mr.merged_at, baseRef: mr.target_branch, headRef: mr.source_branch,
            mergeCommitSHA: mr.merge_commit_sha ?? mr.squash_commit_sha)
    }

    static func item(_ issue: GLIssue) -> ForgeItem {
        ForgeItem(
            kind: .issue, number: issue.iid, title: issue.title, body: issue.description ?? "",
            state: issue.state == "closed" ? .closed : .open, author: issue.author?.username,
            labels: issue.labels ?? [], url: issue.web_url, createdAt: issue.created_at,
            updatedAt: issue.updated_at, closedAt: issue.closed_at)
    }

    /// The pull request a commit came from: the one whose merge (or squash) commit it is, else
    /// a merged one, else the first.
    static func association(_ mrs: [GLMergeRequest], sha: String) -> CommitAssociation {
        guard !mrs.isEmpty else { return .none }
        let ranked = mrs.enumerated().sorted { a, b in
            func rank(_ m: GLMergeRequest) -> Int {
                m.merge_commit_sha == sha || m.squash_commit_sha == sha ? 0 : (m.state == "merged" ? 1 : 2)
            }
            return (rank(a.element), a.offset) < (rank(b.element), b.offset)
        }
        return .pulls(ranked.map(\.element.iid))
    }
}
