/// What `git forge prs <range>` prints: the pull requests a revision range brought, and the
/// commits of the range that came from none.
public struct ReleaseNotes: Sendable {
    public struct Entry: Sendable {
        public var pullRequest: ForgeLink
        /// Its commits in the range, newest first.
        public var commits: [String]
        /// The issues it closes: by its commits' messages, or by the forge's word.
        public var closes: [ForgeLink]
    }

    /// In the order of each one's newest commit in the range.
    public var pullRequests: [Entry]
    /// Commits of the range that belong to no pull request, newest first.
    public var commits: [ItemCommit]
    public var resolverRunning: Bool
}
