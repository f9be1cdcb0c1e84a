/// Answers `git forge pr`, `issue` and `prs` from the local store alone: never writes, never
/// touches the network. What the history says (which commits belong to a pull request, which
/// close an issue) comes from the tables ingest derived; what the forge says, from its cache.
public struct ItemQuery {
    let workspace: Workspace
    let store: ForgeStore

    public init(workspace: Workspace, store: ForgeStore) {
        self.workspace = workspace
        self.store = store
    }

    /// - Throws: `ItemError` when the store has nothing to show for the number; `StoreError`.
    public func pullRequest(_ number: Int) throws -> ItemView { try item(number, asked: .pull) }

    /// - Throws: `ItemError` when the store has nothing to show for the number; `StoreError`.
    public func issue(_ number: Int) throws -> ItemView { try item(number, asked: .issue) }

    private func item(_ number: Int, asked: ItemError.Asked) throws -> ItemView {
        let settings: ForgeSettings
        switch workspace.forge {
        case let .success(found): settings = found
        case let .failure(error): throw ItemError.noForge(String(describing: error))
        }
        return try store.itemView(number, asked: asked, context: workspace.referenceContext, host: settings.host,
                                  resolverRunning: resolverRunning)
    }

    /// The release-notes view of `revisions` (as `git rev-list` takes them: `v1.2.0..v1.3.0`).
    /// - Throws: `RevisionError` for a revision that names no commit; `StoreError`.
    public func releaseNotes(_ revisions: [String]) throws -> ReleaseNotes {
        let shas = try workspace.repository.commits(in: revisions)
        let context = workspace.referenceContext
        let odb = try? workspace.repository.objectDatabase()
        // Commits made since the last ingest are not stored: their messages come from git.
        let parser = ReferenceParser(context)
        var notes = try store.releaseNotes(shas, context: context, host: try? workspace.forge.get().host) { sha in
            guard let raw = try? odb?.commit(sha) else { return [] }
            let shown = ShownCommit(raw: raw)
            return parser.references(in: CommitMessage(subject: shown.subject, body: shown.body).parseText)
        }
        if notes.commits.contains(where: { $0.subject.isEmpty }), let odb {
            for i in notes.commits.indices where notes.commits[i].subject.isEmpty {
                if let raw = try? odb.commit(notes.commits[i].sha) {
                    notes.commits[i].subject = ShownCommit(raw: raw).subject
                }
            }
        }
        notes.resolverRunning = resolverRunning
        return notes
    }

    private var resolverRunning: Bool { ResolverControl(workspace.location).isRunning }
}
