import Foundation

/// Answers `git forge show` from the local store alone: the commit's payload, the references its
/// message makes (`commit_refs` → `forge_refs`), the pull requests merge ancestry or the forge tie
/// it to (`commit_pulls`), and the cached items (`forge_items`). Point lookups only, so the cost
/// does not grow with the history. Never writes and never touches the network.
public struct ShowQuery {
    let workspace: Workspace
    let store: ForgeStore?

    /// - Parameter store: nil where no store exists yet: the commit and its message's references
    ///   are read from git, as for any commit not ingested (a read-only command creates no store).
    public init(workspace: Workspace, store: ForgeStore?) {
        self.workspace = workspace
        self.store = store
    }

    /// - Throws: `RevisionError` for a revision that names no commit; `StoreError`, `GitError`.
    public func run(revision: String) throws -> CommitContext {
        let repository = workspace.repository
        let sha = try repository.resolveCommit(revision)
        let context = workspace.referenceContext
        let forge = try? workspace.forge.get()
        let host = forge?.host
        // Not ingested yet (no hook has run since it was made): read from git.
        let fromGit = { try repository.objectDatabase().commit(sha).map(ShownCommit.init(raw:)) }
        let (commit, links, check) = try store.map { store in
            try store.readView { view -> (ShownCommit?, [ForgeLink], PullRequestCheck?) in
                guard let commit = try view.ingestedCommit(sha: sha) ?? fromGit() else { return (nil, [], nil) }
                let links = try Self.links(of: commit, rows: view.pointLinks(repo: context.repo),
                                           derived: view.derivedTablesPresent(), context: context, host: host)
                return (commit, links, try view.pullRequestCheck(sha: sha))
            }
        } ?? {
            let commit = try fromGit()
            let links = try commit.map {
                try Self.links(of: $0, rows: NoStoreLinkRows(), derived: true, context: context, host: host)
            } ?? []
            return (commit, links, nil)
        }()
        guard var shown = commit else { throw RevisionError.unknown(revision) }
        if let mailmap = try? repository.mailmap() {
            (shown.authorName, shown.authorEmail) = mailmap.resolve(name: shown.authorName, email: shown.authorEmail)
        }
        let pulls = links.filter { $0.kind == .pull }
        return CommitContext(commit: shown,
                             pullRequests: pulls,
                             issues: links.filter { $0.kind == .issue },
                             resolverRunning: store != nil && ResolverControl(workspace.location).isRunning,
                             forge: forge?.type,
                             pullRequestCheck: pulls.isEmpty ? check : nil)
    }

    /// A commit's links, sorted as `show` lists them: from the references its stored message makes,
    /// or — not ingested yet — the references parsed from it now, looked up in the backlog by key;
    /// then the pull requests merge ancestry or the forge tie it to, and the cached items.
    static func links(of commit: ShownCommit, rows: some LinkRows, derived: Bool, context: ReferenceContext,
                      host: String?) throws -> [ForgeLink] {
        var links = LinkSet(context: context)
        if commit.ingested, derived { try links.addMessageReferences(rows, sha: commit.sha) }
        try links.addAttributedPulls(rows, sha: commit.sha)
        if !commit.ingested, derived {
            let text = CommitMessage(subject: commit.subject, body: commit.body).parseText
            try links.addUningestedReferences(rows, ReferenceParser(context).references(in: text))
        }
        try links.loadItems(rows, host: host)
        links.dropSquashEcho(subject: commit.subject)
        return links.sorted
    }
}

extension ShownCommit {
    init(raw: RawCommit) {
        let message = CommitMessage(TextDecoding.decode(raw.message, encoding: raw.encoding))
        let a = raw.author
        self.init(sha: raw.id, parents: raw.parents, authorName: a.name, authorEmail: a.email,
                  date: ISODate.format(seconds: a.time, offsetMinutes: a.offsetMinutes), time: a.time,
                  offsetMinutes: a.offsetMinutes, subject: message.subject, body: message.body, ingested: false)
    }

    /// The id and subject alone, all `log`'s lines show of a commit: no author, date or body
    /// (empty), and the message's bytes are split without being decoded whole.
    init(subjectOf raw: RawCommit) {
        let subject: String
        if let encoding = raw.encoding, !TextDecoding.isUTF8Name(encoding) {
            subject = CommitMessage(TextDecoding.decode(raw.message, encoding: encoding)).subject
        } else {
            subject = raw.bytes.withUnsafeBufferPointer { bytes in
                String(decoding: CommitMessage.joined(UnsafeBufferPointer(rebasing: bytes[raw.messageStart...]),
                                                      subjectOnly: true), as: UTF8.self)
            }
        }
        self.init(sha: raw.id, parents: [], authorName: "", authorEmail: "", date: "", time: 0, offsetMinutes: 0,
                  subject: subject, body: "", ingested: false)
    }

    /// The offset of an ISO 8601 date ending in `+hh:mm` / `-hh:mm`.
    static func offset(of date: String) -> Int {
        let tail = Array(date.utf8.suffix(6))
        guard tail.count == 6, tail[0] == UInt8(ascii: "+") || tail[0] == UInt8(ascii: "-"),
              let h = Int(String(decoding: tail[1...2], as: UTF8.self)),
              let m = Int(String(decoding: tail[4...5], as: UTF8.self)) else { return 0 }
        return (tail[0] == UInt8(ascii: "-") ? -1 : 1) * (h * 60 + m)
    }
}
