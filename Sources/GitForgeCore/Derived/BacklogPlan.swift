/// A first fill's backlog, worked out in memory where the events are made (the parser thread),
/// for a store whose `forge_refs` is empty: the rows and links `ReferenceRecorder.record` would
/// write — ids 1, 2, … in order of first mention, each row's first commit and newest mention —
/// handed to the writer batch by batch, with the links in `commit_refs`' key order.
///
/// Why: recording was 43% of the writer thread's time in a first fill, and the writer is the
/// stage the others wait for. Nothing here needs an answer from the store (ids are counters and
/// every key is known), so the writer only inserts; and links inserted in key order cost about
/// half as much as in walk order (bench/RESULTS.md, "Ingest"). Links are held back and sorted in
/// runs of at most `linkRun`, so memory stays bounded at a million commits.
struct BacklogPlan {
    struct Row {
        var id: Int64
        var repo: String
        var kind: ReferenceKind
        var number: Int
        var firstSha: ObjectID
        var mentionedAt: Int64
    }

    /// A `commit_refs` row; ordered as its key, `(sha, ref_id)` (ids compare as their bytes).
    struct Link: Comparable {
        var sha: ObjectID
        var ref: Int64
        var relation: ReferenceRelation
        var kind: ReferenceKind

        static func < (a: Link, b: Link) -> Bool {
            let x = a.sha.words, y = b.sha.words
            if x.0 != y.0 { return x.0 < y.0 }
            if x.1 != y.1 { return x.1 < y.1 }
            if x.2 != y.2 { return x.2 < y.2 }
            return a.ref < b.ref
        }

        static func == (a: Link, b: Link) -> Bool { a.sha == b.sha && a.ref == b.ref }
    }

    /// What the writer inserts after one batch of events.
    struct Batch {
        /// New rows, in id order.
        var rows: [Row] = []
        /// Rows of earlier batches mentioned since by a commit with a later clock.
        var touches: [(id: Int64, mentionedAt: Int64)] = []
        /// A sorted run of links, or none.
        var links: [Link] = []
        /// Rows whose first mention was in this batch (`ReferenceRecorder.record`'s count).
        var created = 0
    }

    /// A backlog row's key, `UNIQUE(repo, kind, number)` (`ReferenceRecorder`'s too).
    struct Key: Hashable {
        var repo: String
        var kind: ReferenceKind
        var number: Int
    }

    /// A backlog row as the fill has left it so far (`ReferenceRecorder`'s too).
    struct Known {
        var id: Int64
        /// The number, counting from 1, of the commit (with references) that created the row.
        var firstCommit: Int
        var mentionedAt: Int64
    }

    private let context: ReferenceContext
    private let linkRun: Int
    private var known: [Key: Known] = [:]
    private var commitNumber = 0
    private var nextID: Int64 = 1
    private var pending = Batch()
    /// The id of `pending.rows[0]`.
    private var pendingFirstID: Int64 = 1
    private var links: [Link] = []

    /// - Parameter linkRun: how many links to sort together at most (~40 bytes each).
    init(context: ReferenceContext, linkRun: Int = 262_144) {
        self.context = context
        self.linkRun = linkRun
    }

    /// One commit's references, as `ReferenceRecorder.record` takes them.
    mutating func record(sha: ObjectID, time: Int64, references: [Reference]) {
        guard !references.isEmpty else { return }
        commitNumber += 1
        for ref in references {
            let backlog = context.backlogKey(ref)
            let key = Key(repo: backlog.repo, kind: backlog.kind, number: ref.number)
            let id: Int64
            if let row = known[key] {
                id = row.id
                if row.firstCommit == commitNumber { pending.created += 1 }
                if row.mentionedAt < time {
                    known[key]?.mentionedAt = time
                    if id >= pendingFirstID {
                        pending.rows[Int(id - pendingFirstID)].mentionedAt = time
                    } else {
                        pending.touches.append((id, time))
                    }
                }
            } else {
                id = nextID
                nextID += 1
                known[key] = Known(id: id, firstCommit: commitNumber, mentionedAt: time)
                pending.rows.append(Row(id: id, repo: key.repo, kind: key.kind, number: key.number,
                                        firstSha: sha, mentionedAt: time))
                pending.created += 1
            }
            links.append(Link(sha: sha, ref: id, relation: ref.relation, kind: ref.kind))
        }
    }

    /// What was recorded since the last call, with the links sorted once a run is full or this
    /// is the `last` call.
    mutating func take(last: Bool) -> Batch {
        var batch = pending
        pending = Batch()
        pendingFirstID = nextID
        if last || links.count >= linkRun {
            links.sort()
            batch.links = links
            links = []
        }
        return batch
    }
}
