import GRDB

/// Writes a commit's references into the derived tables: one backlog row per distinct
/// (repository, kind, number) and one link per commit. Used by ingest and by re-derivation, so
/// both produce the same rows.
struct ReferenceRecorder {
    private let context: ReferenceContext
    private let upsert: Statement
    private let link: Statement

    init(_ db: Database, context: ReferenceContext) throws {
        self.context = context
        upsert = try db.makeStatement(sql: """
            INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(repo, kind, number) DO UPDATE SET mentioned_at = max(mentioned_at, excluded.mentioned_at)
            RETURNING id, first_sha
            """)
        link = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO commit_refs(sha, ref_id, relation, kind) VALUES (?, ?, ?, ?)
            """)
    }

    /// - Returns: how many backlog rows this commit created (it is their first mention).
    @discardableResult
    func record(sha: String, time: Int64, references: [Reference]) throws -> Int {
        var created = 0
        for ref in references {
            let key = Self.backlogKey(ref, context: context)
            guard let row = try Row.fetchOne(upsert, arguments: [key.repo, key.kind, ref.number, sha, time]) else {
                continue
            }
            let id: Int64 = row[0]
            if row[1] == sha { created += 1 }
            try link.execute(arguments: [sha, id, ref.relation.rawValue, ref.kind.rawValue])
        }
        return created
    }

    /// GitHub and Gitea/Forgejo number pull requests and issues in one sequence, so a `#12`
    /// mention and a `Merge pull request #12` are one backlog row; GitLab numbers them apart.
    /// Repository paths are case-insensitive on every forge, so `Octo/Repo#1` and `octo/repo#1`
    /// are one row too.
    static func backlogKey(_ ref: Reference, context: ReferenceContext) -> (repo: String, kind: String) {
        let repo = (ref.repo ?? context.repo ?? "").lowercased()
        let kind = context.forge == .gitlab ? ref.kind.rawValue : ReferenceKind.any.rawValue
        return (repo, kind)
    }
}

extension ReferenceContext {
    /// What the derived tables were parsed for; a change triggers re-derivation.
    var derivationKey: String {
        "\(forge.rawValue) \(host ?? "-") \(repo ?? "-")"
    }
}
