/// One local notes ref written the incremental way: notes whose blob did not change keep their
/// directories, so a change to one record writes its blob and the trees above it, and the new
/// commit's parent is the ref's previous tip (a history git can fast-forward, diff and merge).
struct NotesRef {
    let repository: Repository
    let name: String

    /// Which of two different notes under one key to keep: true keeps `theirs`.
    typealias Conflict = (_ key: String, _ ours: [UInt8], _ theirs: [UInt8]) -> Bool

    struct Update: Equatable {
        var commit: ObjectID?
        /// Notes in the tree, and how many blobs were new or changed.
        var notes: Int
        var written: Int
        var changed: Bool
    }

    /// Makes the ref hold `notes` (key → bytes) on top of what it holds (a union: notes only the
    /// ref has stay). Where both have a different note, `keepOld` decides; by default the new one.
    func write(_ notes: [String: [UInt8]], message: String, keepOld: Conflict? = nil) throws(GitError) -> Update {
        let tip = repository.referenceTarget(name)
        let old = try tip.map { id throws(GitError) in try repository.readNotes(commit: id) }
        var merged = old?.tree.map ?? [:]
        var written = 0
        for (key, bytes) in notes {
            let id = try repository.blobID(bytes)
            guard let current = merged[key], current == id else {
                if let current = merged[key], let keepOld,
                   let oldBytes = try repository.readBlob(current, limit: SharedLimits.blobBytes),
                   keepOld(key, bytes, oldBytes) {
                    continue
                }
                try repository.writeBlob(bytes)
                merged[key] = id
                written += 1
                continue
            }
        }
        return try commit(merged, over: old, extraParent: nil, message: message, written: written)
    }

    /// Merges the notes commit `theirs` into the ref: nothing when the ref already contains it,
    /// a fast-forward when the ref is behind it, else a merge commit (parents: the ref's tip, then
    /// `theirs`) whose tree is the union, `conflict` deciding between two different notes.
    func merge(_ theirs: ObjectID, message: String, conflict: Conflict) throws(GitError) -> Update {
        guard let tip = repository.referenceTarget(name) else {
            try repository.updateReference(name, to: theirs, expected: nil, message: message)
            return Update(commit: theirs, notes: try repository.readNotes(commit: theirs).tree.entries.count,
                          written: 0, changed: true)
        }
        if repository.isAncestor(theirs, of: tip) { return Update(commit: tip, notes: 0, written: 0, changed: false) }
        if repository.isAncestor(tip, of: theirs) {
            try repository.updateReference(name, to: theirs, expected: tip, message: message)
            return Update(commit: theirs, notes: try repository.readNotes(commit: theirs).tree.entries.count,
                          written: 0, changed: true)
        }
        let ours = try repository.readNotes(commit: tip)
        var merged = ours.tree.map
        for (key, blob) in try repository.readNotes(commit: theirs).tree.entries {
            guard let mine = merged[key] else { merged[key] = blob; continue }
            guard mine != blob else { continue }
            let mineBytes = try repository.readBlob(mine, limit: SharedLimits.blobBytes)
            let theirBytes = try repository.readBlob(blob, limit: SharedLimits.blobBytes)
            switch (mineBytes, theirBytes) {
            case let (a?, b?): if conflict(key, a, b) { merged[key] = blob }
            case (nil, _?): merged[key] = blob
            default: break
            }
        }
        return try commit(merged, over: ours, extraParent: theirs, message: message, written: 0, force: true)
    }

    private func commit(_ notes: [String: ObjectID], over old: NotesCommit?, extraParent: ObjectID?, message: String,
                        written: Int, force: Bool = false) throws(GitError) -> Update {
        let entries = notes.sorted { $0.key < $1.key }.map { (key: $0.key, blob: $0.value) }
        let tree = try repository.writeNotesTree(entries, previous: old?.tree)
        if !force, let old, old.tree.trees[""] == tree {
            return Update(commit: old.id, notes: entries.count, written: 0, changed: false)
        }
        let parents = [old?.id, extraParent].compactMap { $0 }
        let id = try repository.commitNotes(tree: tree, parents: parents, message: message)
        try repository.updateReference(name, to: id, expected: old?.id, message: message)
        return Update(commit: id, notes: entries.count, written: written, changed: true)
    }
}
