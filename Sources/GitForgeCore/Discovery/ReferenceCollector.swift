/// Accumulates references in order of first appearance, merging repeats of the same object.
///
/// Messages routinely name one object several times (`Fix crash (#12)` in the subject, then
/// `Fixes #12` and a URL in the body); the ingest wants one row per object carrying everything
/// the text said about it: the most specific kind and the strongest relation.
struct ReferenceCollector {
    /// Identity of a referenced object. On GitHub, Gitea and Forgejo issues and pull requests
    /// share numbers, so the kind is not part of the identity; on GitLab `#3` and `!3` differ.
    private struct Key: Hashable {
        var repo: String?
        var kind: ReferenceKind?
        var number: Int
    }

    private let sharedNumberSpace: Bool
    private(set) var references: [Reference] = []
    private var keys: [Key] = []
    /// Built only once a message has many references: typical messages have one to three, for
    /// which a linear search beats hashing and avoids allocating a dictionary per commit.
    private var index: [Key: Int]?
    private static let linearSearchLimit = 16

    init(sharedNumberSpace: Bool) {
        self.sharedNumberSpace = sharedNumberSpace
    }

    mutating func add(repo: String?, kind: ReferenceKind, number: Int, relation: ReferenceRelation) {
        // Forges resolve repository paths case-insensitively, so `Owner/Name#1` and
        // `owner/name#1` are one object; the first spelling seen is the one reported.
        let key = Key(repo: repo?.lowercased(), kind: sharedNumberSpace ? nil : kind, number: number)
        if let position = position(of: key) {
            var existing = references[position]
            if !existing.kind.isSpecific && kind.isSpecific { existing.kind = kind }
            existing.relation = max(existing.relation, relation)
            references[position] = existing
            return
        }
        references.append(Reference(repo: repo, kind: kind, number: number, relation: relation))
        keys.append(key)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > Self.linearSearchLimit {
            index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        }
    }

    /// Forgets one object the text named after all (see `ReferenceScanner.dropSquashEcho`).
    mutating func remove(repo: String?, kind: ReferenceKind, number: Int) {
        let key = Key(repo: repo?.lowercased(), kind: sharedNumberSpace ? nil : kind, number: number)
        guard let position = position(of: key) else { return }
        references.remove(at: position)
        keys.remove(at: position)
        if index != nil { index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) }
    }

    func contains(repo: String?, kind: ReferenceKind, number: Int) -> Bool {
        position(of: Key(repo: repo?.lowercased(), kind: sharedNumberSpace ? nil : kind, number: number)) != nil
    }

    private func position(of key: Key) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }
}
