import CGit2
import Foundation

/// The leaves of a notes tree — the layout git gives `refs/notes/*` (`git notes`): one blob per
/// annotated object, named by the object's 40-hex id split into 2-hex directories ("fanout") as
/// the tree grows. git reads any fanout; it reads a flat tree of thousands of notes ~10× slower
/// (libgit2 writes notes flat: libgit2 #5793), so `Repository.writeNotesTree` always fans out.
public struct NotesTree: Sendable, Equatable {
    /// (40-hex key, blob id), sorted by key.
    public var entries: [(key: String, blob: ObjectID)]
    /// The tree id at each directory path ("" is the root, "ab", "ab/cd"…), for reuse.
    var trees: [String: ObjectID]

    public init() {
        entries = []
        trees = [:]
    }

    public static func == (lhs: NotesTree, rhs: NotesTree) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.blob == $1.blob }
    }

    /// The blob for each key.
    public var map: [String: ObjectID] {
        Dictionary(entries.map { ($0.key, $0.blob) }, uniquingKeysWith: { a, _ in a })
    }

    /// 2-hex levels for `count` notes: flat up to 256 notes, one level up to 65,536, two beyond —
    /// about where git's own `determine_fanout` adds a level.
    static func fanout(for count: Int) -> Int {
        count <= 256 ? 0 : count <= 65_536 ? 1 : 2
    }
}

/// A commit on a notes ref: its id and its tree's leaves.
public struct NotesCommit: Sendable {
    public var id: ObjectID
    public var tree: NotesTree
}

extension Repository {
    /// The object a ref points at, nil when the ref does not exist or is unreadable. One loose-ref
    /// file read (or a packed-refs lookup): cheap enough for the hooks' hot path.
    /// The corresponding libgit2 function is `git_reference_name_to_id`.
    public func referenceTarget(_ name: String) -> ObjectID? {
        var oid = git_oid()
        guard git_reference_name_to_id(&oid, handle, name) == 0 else { return nil }
        return ObjectID(oid)
    }

    /// Reads the notes commit `id`: every leaf whose path spells 40 hex digits, whatever the
    /// fanout; other entries (a non-note file) are ignored.
    /// The corresponding libgit2 functions are `git_commit_lookup` and `git_tree_lookup`.
    public func readNotes(commit id: ObjectID) throws(GitError) -> NotesCommit {
        var oid = id.oid
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, handle, &oid), "read notes commit \(id.hex)")
        defer { git_commit_free(commit) }
        var tree = NotesTree()
        let root = ObjectID(git_commit_tree_id(commit).pointee)
        try readNotesTree(root, path: "", prefix: "", into: &tree)
        // A fanout tree read depth-first in git's entry order is sorted already; a mixed one
        // (notes at several depths) may not be.
        if !zip(tree.entries, tree.entries.dropFirst()).allSatisfy({ $0.key < $1.key }) {
            tree.entries.sort { $0.key < $1.key }
        }
        return NotesCommit(id: id, tree: tree)
    }

    private func readNotesTree(_ id: ObjectID, path: String, prefix: String, into notes: inout NotesTree) throws(GitError) {
        var oid = id.oid
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &oid), "read notes tree \(id.hex)")
        defer { git_tree_free(tree) }
        notes.trees[path] = id
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            let key = prefix + name
            guard name.utf8.allSatisfy({ Hex.value($0) < 16 }), key.utf8.count <= 40 else { continue }
            let target = ObjectID(git_tree_entry_id(entry).pointee)
            switch git_tree_entry_type(entry) {
            case GIT_OBJECT_TREE where key.utf8.count < 40:
                try readNotesTree(target, path: path.isEmpty ? name : path + "/" + name, prefix: key, into: &notes)
            case GIT_OBJECT_BLOB where key.utf8.count == 40:
                notes.entries.append((key.lowercased(), target))
            default:
                continue
            }
        }
    }

    /// The id `bytes` would have as a blob, without writing it.
    /// The corresponding libgit2 function is `git_odb_hash`.
    public func blobID(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var oid = git_oid()
        let rc = bytes.withUnsafeBytes { raw in git_odb_hash(&oid, raw.baseAddress, raw.count, GIT_OBJECT_BLOB) }
        try check(rc, "hash a blob")
        return ObjectID(oid)
    }

    /// Writes `bytes` as a blob.
    /// The corresponding libgit2 function is `git_blob_create_from_buffer`.
    @discardableResult
    public func writeBlob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var oid = git_oid()
        if let pack = inMemoryPack, let write = pack.pointee.write {
            // Straight into the in-memory pack: `git_odb_write` would first look for the object
            // on disk, re-reading objects/pack/ on every miss.
            oid = try blobID(bytes).oid
            let rc = bytes.withUnsafeBytes { raw in write(pack, &oid, raw.baseAddress, raw.count, GIT_OBJECT_BLOB) }
            try check(rc, "write a blob")
            newObjects?.append(ObjectID(oid))
            return ObjectID(oid)
        }
        let rc = bytes.withUnsafeBytes { raw in git_blob_create_from_buffer(&oid, handle, raw.baseAddress, raw.count) }
        try check(rc, "write a blob")
        return ObjectID(oid)
    }

    /// A blob's bytes, or nil when it is larger than `limit` (its size is read from the header
    /// first, so an oversized blob is never inflated) or is not a blob.
    /// The corresponding libgit2 functions are `git_odb_read_header` and `git_odb_read`.
    public func readBlob(_ id: ObjectID, limit: Int) throws(GitError) -> [UInt8]? {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "open object database")
        defer { git_odb_free(odb) }
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, odb, &oid), "read object \(id.hex)")
        guard type == GIT_OBJECT_BLOB, size <= limit else { return nil }
        var object: OpaquePointer?
        try check(git_odb_read(&object, odb, &oid), "read object \(id.hex)")
        defer { git_odb_object_free(object) }
        return Array(UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object)))
    }

    /// Writes the notes tree holding `entries` (sorted by key), reusing every directory of
    /// `previous` whose leaves did not change, so a change to one note writes the blob's
    /// directories only. The blobs must exist already.
    /// - Returns: the root tree's id.
    /// The corresponding libgit2 functions are `git_treebuilder_insert` and `git_treebuilder_write`.
    public func writeNotesTree(_ entries: [(key: String, blob: ObjectID)], previous: NotesTree?) throws(GitError) -> ObjectID {
        let depth = NotesTree.fanout(for: entries.count)
        // A tree written with another fanout has no directory to reuse.
        let reusable = previous.flatMap { $0.depth == depth ? $0 : nil }
        return try writeLevel(entries[...], level: 0, depth: depth, path: "", previous: reusable)
    }

    private func writeLevel(_ entries: ArraySlice<(key: String, blob: ObjectID)>, level: Int, depth: Int, path: String,
                            previous: NotesTree?) throws(GitError) -> ObjectID {
        let prefix = Self.prefix(path)
        if let previous, let old = previous.trees[path],
           Self.leaves(of: previous, under: prefix).elementsEqual(entries, by: { $0.key == $1.key && $0.blob == $1.blob }) {
            return old
        }
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, handle, nil), "build a notes tree")
        defer { git_treebuilder_free(builder) }
        let skip = level * 2
        if level == depth {
            for entry in entries {
                var oid = entry.blob.oid
                let name = String(entry.key.utf8.dropFirst(skip))!
                try check(git_treebuilder_insert(nil, builder, name, &oid, GIT_FILEMODE_BLOB), "build a notes tree")
            }
        } else {
            var start = entries.startIndex
            while start < entries.endIndex {
                let part = String(entries[start].key.utf8.dropFirst(skip).prefix(2))!
                var end = start
                while end < entries.endIndex, String(entries[end].key.utf8.dropFirst(skip).prefix(2))! == part { end += 1 }
                var oid = try writeLevel(entries[start..<end], level: level + 1, depth: depth,
                                         path: path.isEmpty ? part : path + "/" + part, previous: previous).oid
                try check(git_treebuilder_insert(nil, builder, part, &oid, GIT_FILEMODE_TREE), "build a notes tree")
                start = end
            }
        }
        var tree = git_oid()
        try check(git_treebuilder_write(&tree, builder), "write a notes tree")
        newObjects?.append(ObjectID(tree))
        return ObjectID(tree)
    }

    private static func prefix(_ path: String) -> String {
        path.replacingOccurrences(of: "/", with: "")
    }

    private static func leaves(of tree: NotesTree, under prefix: String) -> ArraySlice<(key: String, blob: ObjectID)> {
        guard !prefix.isEmpty else { return tree.entries[...] }
        var lower = tree.entries.startIndex, high = tree.entries.endIndex
        while lower < high {
            let middle = (lower + high) / 2
            if tree.entries[middle].key < prefix { lower = middle + 1 } else { high = middle }
        }
        var upper = lower
        while upper < tree.entries.endIndex, tree.entries[upper].key.hasPrefix(prefix) { upper += 1 }
        return tree.entries[lower..<upper]
    }

    /// Commits `tree` with `parents` (the notes ref's previous tip first), as `git notes` does.
    /// The author and committer are git's (`user.name`, `user.email`), else "git forge".
    /// The corresponding libgit2 function is `git_commit_create`.
    public func commitNotes(tree: ObjectID, parents: [ObjectID], message: String) throws(GitError) -> ObjectID {
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, handle) != 0 {
            try check(git_signature_now(&signature, "git forge", "git-forge@localhost"), "make a signature")
        }
        defer { git_signature_free(signature) }
        var treeOID = tree.oid
        var treeObject: OpaquePointer?
        try check(git_tree_lookup(&treeObject, handle, &treeOID), "read tree \(tree.hex)")
        defer { git_tree_free(treeObject) }
        var parentObjects: [OpaquePointer?] = []
        defer { parentObjects.forEach { git_commit_free($0) } }
        for parent in parents {
            var oid = parent.oid
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, handle, &oid), "read commit \(parent.hex)")
            parentObjects.append(commit)
        }
        var result = git_oid()
        let rc = parentObjects.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(&result, handle, nil, signature, signature, nil, message, treeObject,
                              buffer.count, buffer.baseAddress)
        }
        try check(rc, "commit notes")
        return ObjectID(result)
    }

    /// Points `name` at `target` only if it still points at `expected` (nil: only if it does not
    /// exist), so a concurrent writer's commit is never overwritten.
    /// The corresponding libgit2 functions are `git_reference_create_matching` and `git_reference_create`.
    public func updateReference(_ name: String, to target: ObjectID, expected: ObjectID?, message: String) throws(GitError) {
        var oid = target.oid
        var ref: OpaquePointer?
        if let expected {
            var old = expected.oid
            try check(git_reference_create_matching(&ref, handle, name, &oid, 1, &old, message), "update \(name)")
        } else {
            try check(git_reference_create(&ref, handle, name, &oid, 0, message), "create \(name)")
        }
        git_reference_free(ref)
    }

    /// Whether `ancestor` is `commit` or one of its ancestors.
    /// The corresponding libgit2 function is `git_graph_descendant_of`.
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) -> Bool {
        if ancestor == commit { return true }
        var a = ancestor.oid, c = commit.oid
        return git_graph_descendant_of(handle, &c, &a) == 1
    }
}

extension NotesTree {
    /// The fanout the tree was written with, from its directories.
    var depth: Int {
        trees.keys.map { $0.isEmpty ? 0 : $0.split(separator: "/").count }.max() ?? 0
    }
}

/// git's object hashing without a repository.
public enum GitHash {
    /// The id `git hash-object --stdin` gives `bytes`.
    /// The corresponding libgit2 function is `git_odb_hash`.
    public static func blob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        LibGit2.ensureInitialized()
        var oid = git_oid()
        let rc = bytes.withUnsafeBytes { raw in git_odb_hash(&oid, raw.baseAddress, raw.count, GIT_OBJECT_BLOB) }
        try check(rc, "hash a blob")
        return ObjectID(oid)
    }
}
