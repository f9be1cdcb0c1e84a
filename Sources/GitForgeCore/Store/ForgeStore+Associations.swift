import Foundation
import GRDB

/// Commit → pull request associations from the forge (`commit_pulls.via = 'forge'`).
extension ForgeStore {
    /// Commits no pull request is known for — their message names none (`mergedIn`), no merge
    /// attributes them, and the forge was not asked yet — newest first, among the newest `window`
    /// unattributed commits (nil: all). Merge commits are left out: their own subject names the
    /// pull request when there is one. Commits the forge did not know (not pushed yet) are asked
    /// again after `retryUnknownAfter`.
    func associationCandidates(window: Int?, now: Date, retryUnknownAfter: TimeInterval = 86_400) throws(StoreError) -> [String] {
        try read { db in
            guard try !DerivedTables.areMissing(db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT w.sha FROM (
                    SELECT e.source_id AS sha, e.timestamp AS t, e.seq AS s FROM eventlog e
                    WHERE e.type = '\(CommitEvent.type)'
                      AND \(CommitPayloadReader.sql(.notMerge, in: "e.payload"))
                      AND NOT EXISTS (SELECT 1 FROM commit_refs c WHERE c.sha = e.source_id
                                      AND c.relation = \(ReferenceRelation.mergedIn.sql))
                      AND NOT EXISTS (SELECT 1 FROM commit_pulls p WHERE p.sha = e.source_id AND p.via = \(ForgeLink.Via.merge.sql))
                    ORDER BY e.timestamp DESC, e.seq DESC LIMIT ?) AS w
                WHERE NOT EXISTS (SELECT 1 FROM commit_pulls p WHERE p.sha = w.sha)
                  AND NOT EXISTS (SELECT 1 FROM forge_commit_checks k WHERE k.sha = w.sha
                                  AND (k.status != 'unknown' OR k.checked_at > ?))
                ORDER BY w.t DESC, w.s DESC
                """, arguments: [window ?? -1, Int64(now.timeIntervalSince1970 - retryUnknownAfter)])
                .map { StoredID.hex($0, 0) }
        }
    }

    /// Saves one association response: the pull request each commit came from (queued in the
    /// backlog so it is resolved too), what was asked, and the run's progress, atomically.
    func saveAssociations(_ answers: [String: CommitAssociation], repo: String, pullKind: ReferenceKind,
                          run: Int64, resolved: Int, requests: Int, now: Date = Date()) throws(StoreError) {
        let stamp = Int64(now.timeIntervalSince1970)
        try write { db in
            let haveBacklog = try !DerivedTables.areMissing(db)
            for (sha, answer) in answers.sorted(by: { $0.key < $1.key }) {
                let status: String
                switch answer {
                case let .pulls(numbers):
                    status = numbers.isEmpty ? "none" : "found"
                    guard let number = numbers.first else { break }
                    try Self.saveForgePull(db, sha: sha, repo: repo, number: number, pullKind: pullKind,
                                           queue: haveBacklog, fallbackTime: stamp)
                case .none: status = "none"
                case .unknownCommit: status = "unknown"
                }
                try db.execute(sql: """
                    INSERT INTO forge_commit_checks(sha, status, checked_at) VALUES (?, ?, ?)
                    ON CONFLICT(sha) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at
                    """, arguments: [StoredID.value(sha), status, stamp])
            }
            try Self.updateRun(db, run, resolved: resolved, requests: requests)
        }
    }
}

extension ForgeStore {
    /// The forge says `sha` came from pull request `number`: the association is kept and, where
    /// the backlog exists (`queue`), the pull request is queued to be resolved too, dated by the
    /// commit (`fallbackTime` for a commit not ingested). The resolver's answers and the shared
    /// cache's records both come through here.
    static func saveForgePull(_ db: Database, sha: String, repo: String, number: Int, pullKind: ReferenceKind,
                              queue: Bool, fallbackTime: Int64) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO commit_pulls(sha, repo, number, via) VALUES (?, ?, ?, \(ForgeLink.Via.forge.sql))",
                       arguments: [StoredID.value(sha), repo, number])
        guard queue else { return }
        let time = try Int64.fetchOne(db, sql: "SELECT timestamp FROM eventlog WHERE type = '\(CommitEvent.type)' AND source_id = ?",
                                      arguments: [StoredID.value(sha)]) ?? fallbackTime
        try db.execute(sql: """
            INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(repo, kind, number) DO NOTHING
            """, arguments: [repo, pullKind.rawValue, number, StoredID.value(sha), time])
    }
}
