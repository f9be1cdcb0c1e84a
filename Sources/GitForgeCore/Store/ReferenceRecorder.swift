import GRDB

/// Writes a commit's references into the derived tables: one backlog row per distinct
/// (repository, kind, number) and one link per commit. Used by ingest and by re-derivation, so
/// both produce the same rows.
///
/// A recorder lives for one write transaction and remembers the backlog rows it has written: a
/// busy history mentions the same numbers again and again, and an older mention (the walk goes
/// newest first) changes nothing in the row, so it costs only its link insert. What it remembers
/// is only a shortcut (a row it does not know is looked up), so it stops remembering new rows at
/// `rememberedLimit`: a history with hundreds of thousands of distinct numbers would otherwise
/// hold them all for the whole ingest.
///
/// A row is looked up, then inserted or updated, rather than upserted with `RETURNING`: SQLite
/// runs a `RETURNING` statement through a temporary b-tree, opened and closed per execution,
/// which made the upsert the most expensive statement of a first ingest. Into a table that was
/// empty when the recorder began (a first ingest, a re-derivation), a row it does not know
/// cannot exist while it has forgotten none, so even the lookup is skipped.
///
/// Links, and new rows of such a table, are written in batches (`RowBatch`): the owner calls
/// `finish` before its transaction reads either table or ends.
final class ReferenceRecorder {
    private let context: ReferenceContext
    private let find: BoundStatement
    private let insert: BoundStatement
    private let touch: BoundStatement
    /// Links go in 32 to a statement (`RowBatch`); `finish` writes the rest.
    private var links: RowBatch<BacklogPlan.Link>
    /// While `knowsAll`, new backlog rows go in 32 to a statement too, with the ids SQLite would
    /// have given them (one past the largest: the table was empty), so nothing waits for an answer.
    private var rows: RowBatch<BacklogPlan.Row>
    /// The id the next new row gets; rows from `firstPending` on may still be in `rows`.
    private var nextID: Int64 = 1
    private var firstPending: Int64 = 1
    private let db: Database
    private var known: [BacklogKey: Known] = [:]
    /// Every row of `forge_refs` is in `known`: the table was empty and none went unremembered.
    private var knowsAll: Bool
    private let startedEmpty: Bool
    /// Counts `record` calls: one per commit, so it tells a row's first commit without a copy of
    /// its sha.
    private var commitNumber = 0
    private let rememberedLimit: Int

    private typealias BacklogKey = BacklogPlan.Key
    private typealias Known = BacklogPlan.Known

    /// - Parameter rememberedLimit: how many rows to remember at most (~70 bytes each: under 5 MB
    ///   by default).
    init(_ db: Database, context: ReferenceContext, rememberedLimit: Int = 65_536) throws {
        self.context = context
        self.db = db
        self.rememberedLimit = rememberedLimit
        find = try BoundStatement(db, sql: """
            SELECT id, first_sha, mentioned_at FROM forge_refs WHERE repo = ? AND kind = ? AND number = ?
            """)
        insert = try BoundStatement(db, sql: """
            INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at) VALUES (?, ?, ?, ?, ?)
            """)
        touch = try BoundStatement(db, sql: "UPDATE forge_refs SET mentioned_at = ? WHERE id = ?")
        links = try RowBatch(db, insert: "INSERT OR IGNORE INTO commit_refs(sha, ref_id, relation, kind)",
                             values: "(?, ?, ?, ?)", columns: 4, size: 32) {
            try $0.bind($1, id: $2.sha)
            try $0.bind($1 + 1, $2.ref)
            try $0.bind($1 + 2, $2.relation.rawValue)
            try $0.bind($1 + 3, $2.kind.rawValue)
        }
        rows = try RowBatch(db, insert: "INSERT INTO forge_refs(id, repo, kind, number, first_sha, mentioned_at)",
                            values: "(?, ?, ?, ?, ?, ?)", columns: 6, size: 32) {
            try $0.bind($1, $2.id)
            try $0.bind($1 + 1, $2.repo)
            try $0.bind($1 + 2, $2.kind.rawValue)
            try $0.bind($1 + 3, Int64($2.number))
            try $0.bind($1 + 4, id: $2.firstSha)
            try $0.bind($1 + 5, $2.mentionedAt)
        }
        knowsAll = try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM forge_refs)") ?? false)
        startedEmpty = knowsAll
    }

    /// - Returns: how many backlog rows this commit created (it is their first mention).
    @discardableResult
    func record(sha: ObjectID, time: Int64, references: [Reference]) throws -> Int {
        guard !references.isEmpty else { return 0 }
        commitNumber += 1
        var created = 0
        var bound = false
        for ref in references {
            let backlog = context.backlogKey(ref)
            let key = BacklogKey(repo: backlog.repo, kind: backlog.kind, number: ref.number)
            let id: Int64
            if let row = known[key] {
                id = row.id
                if row.firstCommit == commitNumber { created += 1 }
                if row.mentionedAt < time {
                    try setMentioned(id, time)
                    known[key]?.mentionedAt = time
                }
            } else if !knowsAll, let row = try lookUp(key, sha: sha) {
                id = row.id
                if row.first { created += 1 }
                if row.mentionedAt < time { try setMentioned(id, time) }
            } else {
                if knowsAll {
                    id = nextID
                    nextID += 1
                    try rows.append(BacklogPlan.Row(id: id, repo: key.repo, kind: key.kind, number: key.number,
                                                    firstSha: sha, mentionedAt: time))
                } else {
                    if !bound {
                        try insert.bind(4, id: sha)
                        try insert.bind(5, time)
                        bound = true
                    }
                    try insert.bind(1, key.repo)
                    try insert.bind(2, key.kind.rawValue)
                    try insert.bind(3, Int64(ref.number))
                    _ = try insert.step()
                    insert.reset()
                    id = db.lastInsertedRowID
                }
                created += 1
                if known.count < rememberedLimit {
                    known[key] = Known(id: id, firstCommit: commitNumber, mentionedAt: time)
                } else if knowsAll {
                    // From here on rows are looked up, so they must be in the table.
                    try flushRows()
                    knowsAll = false
                }
            }
            try links.append(BacklogPlan.Link(sha: sha, ref: id, relation: ref.relation, kind: ref.kind))
        }
        return created
    }

    /// Writes what a `BacklogPlan` worked out for a batch (a first fill's, into an empty table):
    /// instead of `record`, never beside it.
    func insert(_ batch: BacklogPlan.Batch) throws {
        precondition(startedEmpty, "a plan's ids are only free in an empty table")
        for row in batch.rows {
            try rows.append(row)
            nextID = row.id + 1
        }
        for touch in batch.touches { try setMentioned(touch.id, touch.mentionedAt) }
        for link in batch.links { try links.append(link) }
    }

    /// Writes the rows and links not written yet; before the transaction reads `forge_refs` or
    /// `commit_refs`, or ends.
    func finish() throws {
        try flushRows()
        try links.flush()
    }

    private func flushRows() throws {
        try rows.flush()
        firstPending = nextID
    }

    /// The stored row: its id, whether `sha` created it, and its latest mention.
    private func lookUp(_ key: BacklogKey, sha: ObjectID) throws -> (id: Int64, first: Bool, mentionedAt: Int64)? {
        try find.bind(1, key.repo)
        try find.bind(2, key.kind.rawValue)
        try find.bind(3, Int64(key.number))
        defer { find.reset() }
        guard try find.step() else { return nil }
        return (find.int64(column: 0), find.column(1, equals: sha), find.int64(column: 2))
    }

    private func setMentioned(_ id: Int64, _ time: Int64) throws {
        if id >= firstPending { try flushRows() }
        try touch.bind(1, time)
        try touch.bind(2, id)
        _ = try touch.step()
        touch.reset()
    }
}
