/// How a reference is filed in the backlog, and what the derived tables were parsed for: the
/// rules derivation follows, kept apart from the SQL that writes them (`Store/ReferenceRecorder`).
extension ReferenceContext {
    /// GitHub and Gitea/Forgejo number pull requests and issues in one sequence, so a `#12`
    /// mention and a `Merge pull request #12` are one backlog row; GitLab numbers them apart.
    /// Repository paths are case-insensitive on every forge, so `Octo/Repo#1` and `octo/repo#1`
    /// are one row too.
    func backlogKey(_ ref: Reference) -> (repo: String, kind: ReferenceKind) {
        let repo = (ref.repo ?? self.repo ?? "").lowercased()
        let kind = forge == .gitlab ? ref.kind : .any
        return (repo, kind)
    }

    /// The backlog kind a pull request is filed under: GitLab's merge requests are numbered apart.
    var backlogPullKind: ReferenceKind { forge == .gitlab ? .pullRequest : .any }

    /// The backlog kind an issue is filed under.
    var backlogIssueKind: ReferenceKind { forge == .gitlab ? .issue : .any }

    /// What the derived tables were parsed for; a change triggers re-derivation.
    var derivationKey: String {
        "\(forge.rawValue) \(host ?? "-") \(repo ?? "-")"
    }
}
