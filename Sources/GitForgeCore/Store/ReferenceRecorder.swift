import GRDB

/// Writes a commit's references into the derived tables: one backlog row per distinct
/// (repository, kind, number) and one link per commit. Used by ingest and by re-derivation, so
/// both produce the same rows.
///
/// A recorder lives for one write transaction and remembers the backlog rows it has written: a
/// busy history mentions the same numbers again and again, and an older mention (the walk goes
/// newest first) changes nothing in the row, so it costs only its link insert, not an upsert.
final class ReferenceRecorder {
    private let context: ReferenceContext
    private let upsert: BoundStatement
    private let link: BoundStatement
    private var known: [BacklogKey: Known] = [:]

    private struct BacklogKey: Hashable {
        var repo: String
        var kind: ReferenceKind
        var number: Int
    }

    /// A backlog row as this transaction left it.
    private struct Known {
        var id: Int64
        var firstSHA: ObjectID
        var mentionedAt: Int64
    }

    init(_ db: Database, context: ReferenceContext) throws {
        self.context = context
        upsert = try BoundStatement(db, sql: """
            INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(repo, kind, number) DO UPDATE SET mentioned_at = max(mentioned_at, excluded.mentioned_at)
            RETURNING id, first_sha
            """)
        link = try BoundStatement(db, sql: """
            INSERT OR IGNORE INTO commit_refs(sha, ref_id, relation, kind) VALUES (?, ?, ?, ?)
            """)
    }

    /// - Returns: how many backlog rows this commit created (it is their first mention).
    @discardableResult
    func record(sha: ObjectID, time: Int64, references: [Reference]) throws -> Int {
        guard !references.isEmpty else { return 0 }
        var created = 0
        var bound = false
        try link.bind(1, id: sha)
        for ref in references {
            let backlog = context.backlogKey(ref)
            let key = BacklogKey(repo: backlog.repo, kind: backlog.kind, number: ref.number)
            let id: Int64
            if let row = known[key], row.mentionedAt >= time {
                id = row.id
                if row.firstSHA == sha { created += 1 }
            } else {
                if !bound {
                    try upsert.bind(4, id: sha)
                    try upsert.bind(5, time)
                    bound = true
                }
                try upsert.bind(1, key.repo)
                try upsert.bind(2, key.kind.rawValue)
                try upsert.bind(3, Int64(ref.number))
                guard try upsert.step() else { upsert.reset(); continue }
                id = upsert.int64(column: 0)
                let first = upsert.column(1, equals: sha)
                if first { created += 1 }
                upsert.reset()
                if let row = known[key] {
                    known[key]?.mentionedAt = max(row.mentionedAt, time)
                } else if first {
                    known[key] = Known(id: id, firstSHA: sha, mentionedAt: time)
                }
            }
            try link.bind(2, id)
            try link.bind(3, ref.relation.rawValue)
            try link.bind(4, ref.kind.rawValue)
            _ = try link.step()
            link.reset()
        }
        return created
    }
}
