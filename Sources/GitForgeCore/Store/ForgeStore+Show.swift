import GRDB

/// One read snapshot of the store as the history views (`show`, `log`, `blame`) ask it: the
/// commit's stored payload, the link readers, and the forge's commit check. The views see plain
/// values only; the SQL stays here.
struct ViewSnapshot {
    fileprivate let db: Database

    /// False when the derived tables are missing (deleted by hand): the message's references are
    /// then parsed afresh rather than read.
    func derivedTablesPresent() throws -> Bool { try !DerivedTables.areMissing(db) }

    /// One query per question, for a few commits (`show`, a short `log`, `blame`).
    /// - Parameter lines: for `log`'s lines: items with their titles only.
    func pointLinks(repo: String?, lines: Bool = false) throws -> PointLinkRows {
        try PointLinkRows(db: db, repo: repo, titlesOnly: lines)
    }

    /// The link tables read whole, for a walk over much of the history.
    /// - Parameter lines: for `log`'s lines: items with their titles only, and no commit checks
    ///   (`--json` reads those too).
    func tableLinks(pullKind: ReferenceKind, host: String?, repo: String?, lines: Bool = false) throws -> TableLinkRows {
        try TableLinkRows(db, pullKind: pullKind, host: host, repo: repo, titlesOnly: lines, checks: !lines)
    }

    /// The commit as its `git.commit` event stores it, nil when it is not ingested (or its
    /// payload is unreadable: git is asked instead).
    func ingestedCommit(sha: String) throws -> ShownCommit? { try CommitPayloadReader.shown(db, sha: sha) }

    /// What the forge said when asked which pull request `sha` belongs to, nil when not asked.
    func pullRequestCheck(sha: String) throws -> PullRequestCheck? {
        guard let row = try Row.fetchOne(db, sql: "SELECT status, checked_at FROM forge_commit_checks WHERE sha = ?",
                                         arguments: [StoredID.value(sha)]),
              let answer = PullRequestCheck.Answer(rawValue: row["status"]) else { return nil }
        return PullRequestCheck(answer: answer, checkedAt: row["checked_at"])
    }
}

extension ForgeStore {
    /// Runs `body` in one read transaction.
    func readView<T>(_ body: (ViewSnapshot) throws -> T) throws(StoreError) -> T {
        try read { db in try body(ViewSnapshot(db: db)) }
    }
}
