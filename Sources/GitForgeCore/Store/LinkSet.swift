import Foundation
import GRDB

/// Collects a commit's links from the tables that know about them, merging the same pull request
/// found several ways (its message wins over merge ancestry, which wins over the forge).
struct LinkSet {
    let context: ReferenceContext
    private var links: [String: ForgeLink] = [:]
    /// The backlog kind each link is keyed under, for the item lookup.
    private var backlogKind: [String: String] = [:]

    init(context: ReferenceContext) { self.context = context }

    var sorted: [ForgeLink] {
        links.values.sorted {
            ($0.relation.rank, $0.crossRepository ? 1 : 0, $0.repo, $0.number)
                < ($1.relation.rank, $1.crossRepository ? 1 : 0, $1.repo, $1.number)
        }
    }

    mutating func addMessageReferences(_ db: Database, sha: String) throws {
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.repo, r.kind, r.number, r.status, r.last_error, c.relation, c.kind AS said
            FROM commit_refs c JOIN forge_refs r ON r.id = c.ref_id WHERE c.sha = ?
            """, arguments: [sha])
        for row in rows {
            let relation = ReferenceRelation(rawValue: row["relation"]) ?? .mentions
            let said: String = row["said"]
            let kind: String = row["kind"]
            add(repo: row["repo"], backlogKind: kind, number: row["number"], relation: relation,
                pull: relation == .mergedIn || said == "pull" || kind == "pull",
                status: row["status"], error: row["last_error"])
        }
    }

    /// References parsed just now from a commit no ingest has stored; their backlog rows, if any
    /// other commit queued them, give their status.
    /// Without a store (`db` nil) they are all pending.
    mutating func addUningestedReferences(_ db: Database?, _ references: [Reference]) throws {
        for ref in references {
            let key = ReferenceRecorder.backlogKey(ref, context: context)
            let row = try db.flatMap { db in try Row.fetchOne(db, sql: """
                SELECT status, last_error FROM forge_refs WHERE repo = ? AND kind = ? AND number = ?
                """, arguments: [key.repo, key.kind, ref.number]) }
            add(repo: key.repo, backlogKind: key.kind, number: ref.number, relation: ref.relation,
                pull: ref.relation == .mergedIn || ref.kind == .pullRequest,
                status: row?["status"] ?? "pending", error: row?["last_error"])
        }
    }

    mutating func addAttributedPulls(_ db: Database, sha: String) throws {
        let pullKind = context.forge == .gitlab ? "pull" : "any"
        let rows = try Row.fetchAll(db, sql: """
            SELECT p.repo, p.number, p.via, r.status, r.last_error FROM commit_pulls p
            LEFT JOIN forge_refs r ON r.repo = p.repo AND r.number = p.number AND r.kind = ?
            WHERE p.sha = ? ORDER BY p.via = 'merge' DESC
            """, arguments: [pullKind, sha])
        for row in rows {
            let via = ForgeLink.Via(rawValue: row["via"]) ?? .forge
            let key = Self.key(row["repo"], pullKind, row["number"])
            if var existing = links[key] {
                // Already the pull request the message says it came from (or a stronger source).
                if existing.relation == .mergedIn { continue }
                existing.via = via
                existing.relation = .mergedIn
                existing.kind = .pull
                links[key] = existing
            } else {
                add(repo: row["repo"], backlogKind: pullKind, number: row["number"], relation: .mergedIn,
                    pull: true, status: row["status"] ?? "pending", error: row["last_error"], via: via)
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
    mutating func loadItems(_ db: Database, host: String?) throws {
        guard let host else { return }
        let statement = try db.makeStatement(sql: """
            SELECT kind, title, state, draft, author, labels, url, merged_at, fetched_at FROM forge_items
            WHERE host = ? AND repo = ? AND number = ? AND (? = 'any' OR kind = ?)
            ORDER BY kind = 'pull' DESC LIMIT 1
            """)
        for (key, var link) in links {
            let kind = backlogKind[key] ?? "any"
            guard let row = try Row.fetchOne(statement, arguments: [host, link.repo, link.number, kind, kind])
            else {
                // Cached data gone (`sync --rebuild` in progress): not resolved after all.
                if link.status == .resolved { link.status = .pending; links[key] = link }
                continue
            }
            let labels: String = row["labels"]
            link.item = ForgeItemSummary(
                title: row["title"], state: row["state"], draft: row["draft"], author: row["author"],
                labels: (try? JSONDecoder().decode([String].self, from: Data(labels.utf8))) ?? [],
                url: row["url"], mergedAt: row["merged_at"], fetchedAt: row["fetched_at"])
            link.status = .resolved
            link.error = nil
            if row["kind"] == "pull" {
                link.kind = .pull
                if link.via == nil { link.via = .message }
            } else {
                link.kind = .issue
                link.via = nil
            }
            links[key] = link
        }
    }

    private mutating func add(repo: String, backlogKind kind: String, number: Int, relation: ReferenceRelation,
                              pull: Bool, status: String, error: String?, via: ForgeLink.Via? = nil) {
        let key = Self.key(repo, kind, number)
        backlogKind[key] = kind
        links[key] = ForgeLink(
            repo: repo, number: number, kind: pull ? .pull : .issue, relation: relation,
            via: pull ? (via ?? .message) : nil, status: ForgeLink.Status(rawValue: status) ?? .pending,
            error: error, item: nil, crossRepository: context.repo.map { $0 != repo } ?? false)
    }

    private static func key(_ repo: String, _ kind: String, _ number: Int) -> String {
        "\(repo)\u{0}\(kind)\u{0}\(number)"
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
