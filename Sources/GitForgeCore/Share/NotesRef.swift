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
    /// - Parameter unchangedCount: how many notes the ref holds, when the caller knows (the last
    ///   publish wrote it): with nothing to write, the tree is then not even read.
    func write(_ notes: [String: [UInt8]], message: String, keepOld: Conflict? = nil,
               unchangedCount: Int? = nil) throws -> Update {
        let tip = repository.referenceTarget(name)
        if notes.isEmpty, let tip, let unchangedCount {
            return Update(commit: tip, notes: unchangedCount, written: 0, changed: false)
        }
        let (update, old) = try repository.writingOnePack { batch throws -> (Update, NotesCommit?) in
            let old = try tip.map { id throws(GitError) in try batch.readNotes(commit: id) }
            var changes: [(key: String, blob: ObjectID)] = []
            for (key, bytes) in notes {
                let id = try batch.blobID(bytes)
                if let current = old?.tree.blob(for: key) {
                    if current == id { continue }
                    if let keepOld, let oldBytes = try batch.readBlob(current, limit: SharedLimits.blobBytes),
                       keepOld(key, bytes, oldBytes) {
                        continue
                    }
                }
                try batch.writeBlob(bytes)
                changes.append((key, id))
            }
            var entries = old?.tree.entries ?? []
            entries.apply(changes)
            return (try tree(entries, over: old, written: changes.count, in: batch), old)
        }
        return try land(update, over: old, extraParent: nil, message: message)
    }

    /// Merges the notes commit `theirs` into the ref: nothing when the ref already contains it,
    /// a fast-forward when the ref is behind it, else a merge commit (parents: the ref's tip, then
    /// `theirs`) whose tree is the union, `conflict` deciding between two different notes.
    func merge(_ theirs: ObjectID, message: String, conflict: Conflict) throws -> Update {
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
        let update = try repository.writingOnePack { batch throws -> (Update, NotesCommit) in
            let ours = try batch.readNotes(commit: tip)
            var merged = ours.tree.map
            for (key, blob) in try batch.readNotes(commit: theirs).tree.entries {
                guard let mine = merged[key] else { merged[key] = blob; continue }
                guard mine != blob else { continue }
                let mineBytes = try batch.readBlob(mine, limit: SharedLimits.blobBytes)
                let theirBytes = try batch.readBlob(blob, limit: SharedLimits.blobBytes)
                switch (mineBytes, theirBytes) {
                case let (a?, b?): if conflict(key, a, b) { merged[key] = blob }
                case (nil, _?): merged[key] = blob
                default: break
                }
            }
            var update = try tree(merged.sorted { $0.key < $1.key }.map { (key: $0.key, blob: $0.value) }, over: ours,
                                  written: 0, in: batch)
            update.changed = true
            return (update, ours)
        }
        return try land(update.0, over: update.1, extraParent: theirs, message: message)
    }

    /// Writes the tree (into the batch's pack); `commit` holds the tree's id until `land`.
    private func tree(_ entries: [(key: String, blob: ObjectID)], over old: NotesCommit?, written: Int,
                      in batch: Repository) throws(GitError) -> Update {
        let tree = try batch.writeNotesTree(entries, previous: old?.tree)
        let changed = old.map { $0.tree.trees[""] != tree } ?? true
        return Update(commit: tree, notes: entries.count, written: changed ? written : 0, changed: changed)
    }

    /// Commits the tree once the pack is on disk — not inside it: libgit2's in-memory pack packs
    /// every commit written to it with its whole tree, which would rewrite every record — and
    /// moves the ref, only if nobody else moved it meanwhile.
    private func land(_ update: Update, over old: NotesCommit?, extraParent: ObjectID?,
                      message: String) throws(GitError) -> Update {
        guard update.changed, let tree = update.commit else {
            return Update(commit: old?.id, notes: update.notes, written: 0, changed: false)
        }
        let parents = [old?.id, extraParent].compactMap { $0 }
        let id = try repository.commitNotes(tree: tree, parents: parents, message: message)
        try repository.updateReference(name, to: id, expected: old?.id, message: message)
        return Update(commit: id, notes: update.notes, written: update.written, changed: true)
    }
}

extension NotesTree {
    /// The blob under `key`, by binary search over the sorted entries.
    func blob(for key: String) -> ObjectID? {
        let index = entries.insertionIndex(of: key)
        return index < entries.count && entries[index].key == key ? entries[index].blob : nil
    }
}

extension Array where Element == (key: String, blob: ObjectID) {
    /// The first index whose key is not below `key` (entries sorted by key).
    func insertionIndex(of key: String) -> Int {
        var low = startIndex, high = endIndex
        while low < high {
            let middle = (low + high) / 2
            if self[middle].key < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Replaces or inserts each change, keeping the order: in place for a few (a publish after
    /// some changes), by one sort for many (a first publish).
    mutating func apply(_ changes: [(key: String, blob: ObjectID)]) {
        if changes.count > 64 {
            var merged = Dictionary(map { ($0.key, $0.blob) }, uniquingKeysWith: { a, _ in a })
            for change in changes { merged[change.key] = change.blob }
            self = merged.sorted { $0.key < $1.key }.map { (key: $0.key, blob: $0.value) }
            return
        }
        for change in changes {
            let index = insertionIndex(of: change.key)
            if index < count, self[index].key == change.key {
                self[index].blob = change.blob
            } else {
                insert(change, at: index)
            }
        }
    }
}
