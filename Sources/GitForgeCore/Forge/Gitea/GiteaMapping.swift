/// Gitea/Forgejo wire shapes → `ForgeItem`.
enum GiteaMapping {
    static func item(_ issue: GTIssue, etag: String? = nil) -> ForgeItem {
        let pull = issue.pull_request
        let merged = pull?.merged == true || pull?.merged_at != nil
        return ForgeItem(
            kind: pull == nil ? .issue : .pull, number: issue.number, title: issue.title, body: issue.body ?? "",
            state: merged ? .merged : (issue.state == "closed" ? .closed : .open), draft: pull?.draft ?? false,
            author: issue.user?.login, labels: issue.labels?.map(\.name) ?? [], url: issue.html_url,
            createdAt: issue.created_at, updatedAt: issue.updated_at, closedAt: issue.closed_at,
            mergedAt: pull?.merged_at, etag: etag)
    }

    static func item(_ pull: GTPull, etag: String? = nil) -> ForgeItem {
        let merged = pull.merged == true || pull.merged_at != nil
        return ForgeItem(
            kind: .pull, number: pull.number, title: pull.title, body: pull.body ?? "",
            state: merged ? .merged : (pull.state == "closed" ? .closed : .open), draft: pull.draft ?? false,
            author: pull.user?.login, labels: pull.labels?.map(\.name) ?? [], url: pull.html_url,
            createdAt: pull.created_at, updatedAt: pull.updated_at, closedAt: pull.closed_at,
            mergedAt: pull.merged_at, baseRef: pull.base?.ref, headRef: pull.head?.ref,
            mergeCommitSHA: pull.merge_commit_sha, etag: etag)
    }
}
