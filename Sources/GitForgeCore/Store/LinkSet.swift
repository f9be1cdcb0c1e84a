/// Collects a commit's links from the tables that know about them, merging the same pull request
/// found several ways (its message wins over merge ancestry, which wins over the forge).
struct LinkSet {
    let context: ReferenceContext
    /// Keyed by the backlog's key, whose kind is the one the item is looked up by. A struct key,
    /// not a string built per link: a whole history's `log` makes ~50,000 of them.
    private var links: [Key: ForgeLink] = [:]

    private struct Key: Hashable {
        var repo: String
        var kind: ReferenceKind
        var number: Int
    }

    init(context: ReferenceContext) { self.context = context }

    var sorted: [ForgeLink] {
        links.values.sorted {
            ($0.relation.rank, $0.crossRepository ? 1 : 0, $0.repo, $0.number)
                < ($1.relation.rank, $1.crossRepository ? 1 : 0, $1.repo, $1.number)
        }
    }

    mutating func addMessageReferences(_ rows: some LinkRows, sha: String) throws {
        for row in try rows.messageRefs(sha) {
            add(repo: row.repo, backlogKind: row.kind, number: row.number, relation: row.relation,
                pull: row.relation == .mergedIn || row.said == .pullRequest || row.kind == .pullRequest,
                status: row.status, error: row.lastError)
        }
    }

    /// References parsed just now from a commit no ingest has stored; their backlog rows, if any
    /// other commit queued them, give their status.
    mutating func addUningestedReferences(_ rows: some LinkRows, _ references: [Reference]) throws {
        for ref in references {
            let key = context.backlogKey(ref)
            let row = try rows.backlog(repo: key.repo, kind: key.kind, number: ref.number)
            add(repo: key.repo, backlogKind: key.kind, number: ref.number, relation: ref.relation,
                pull: ref.relation == .mergedIn || ref.kind == .pullRequest,
                status: row?.status ?? .pending, error: row?.error)
        }
    }

    mutating func addAttributedPulls(_ rows: some LinkRows, sha: String) throws {
        let pullKind = context.backlogPullKind
        for row in try rows.pulls(sha, pullKind: pullKind) {
            let via = row.via
            let key = Key(repo: row.repo, kind: pullKind, number: row.number)
            if var existing = links[key] {
                // Already the pull request the message says it came from (or a stronger source).
                if existing.relation == .mergedIn { continue }
                existing.via = via
                existing.relation = .mergedIn
                existing.kind = .pull
                links[key] = existing
            } else {
                add(repo: row.repo, backlogKind: pullKind, number: row.number, relation: .mergedIn,
                    pull: true, status: row.status ?? .pending, error: row.lastError, via: via)
            }
        }
    }

    /// On GitLab a squash subject ending `(#12)` (a project that came from GitHub, or a team's
    /// habit) is read as a mention of issue #12; when the commit's merge request is !12 too,
    /// that is the merge request echoed, not an issue, and is left out.
    mutating func dropSquashEcho(subject: String) {
        guard context.forge == .gitlab else { return }
        var tail = Substring(subject)
        while tail.last?.isWhitespace == true { tail = tail.dropLast() }
        for (key, link) in links where link.kind == .issue && link.relation == .mentions
            && tail.hasSuffix("(#\(link.number))") {
            let merged = links.values.contains {
                $0.kind == .pull && $0.relation == .mergedIn && $0.number == link.number && $0.repo == link.repo
            }
            if merged { links[key] = nil }
        }
    }

    /// Fills in the cached forge items (on `host`, the detected forge's; none without one).
    mutating func loadItems(_ rows: some LinkRows, host: String?) throws {
        guard let host else { return }
        for (key, var link) in links {
            guard let row = try rows.item(host: host, repo: link.repo, number: link.number, kind: key.kind) else {
                // Cached data gone (`sync --rebuild` in progress): not resolved after all.
                if link.status == .resolved { link.status = .pending; links[key] = link }
                continue
            }
            link.item = row.summary
            link.status = .resolved
            link.error = nil
            if row.kind == "pull" {
                link.kind = .pull
                if link.via == nil { link.via = .message }
            } else {
                link.kind = .issue
                link.via = nil
            }
            links[key] = link
        }
    }

    mutating func add(repo: String, backlogKind kind: ReferenceKind, number: Int, relation: ReferenceRelation,
                      pull: Bool, status: BacklogStatus, error: String?, via: ForgeLink.Via? = nil) {
        links[Key(repo: repo, kind: kind, number: number)] = ForgeLink(
            repo: repo, number: number, kind: pull ? .pull : .issue, relation: relation,
            via: pull ? (via ?? .message) : nil, status: status,
            error: error, item: nil, crossRepository: context.repo.map { $0 != repo } ?? false)
    }
}

extension ReferenceRelation {
    /// Display order: the pull request the commit came from, then what it closes, then mentions.
    var rank: Int {
        switch self {
        case .mergedIn: 0
        case .closes: 1
        case .mentions: 2
        }
    }
}
