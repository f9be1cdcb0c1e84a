import Foundation

/// The shared cache of one repository (docs/sharing.md): writing the local refs from the store,
/// and importing a remote's refs into the local refs and the store.
public final class SharedCache {
    let repository: Repository
    let config: GitConfig
    let store: ForgeStore
    public let settings: ForgeSettings
    var home: String { settings.repo.lowercased() }

    /// - Throws: `ForgeDetectionError` when no forge is configured: records are about one forge
    ///   repository, so there is nothing to share or accept without one.
    public init(repository: Repository, config: GitConfig, forge: Result<ForgeSettings, ForgeDetectionError>,
                store: ForgeStore) throws(ForgeDetectionError) {
        self.repository = repository
        self.config = config
        self.store = store
        settings = try forge.get()
    }

    /// What a publish wrote locally.
    public struct Written: Sendable, Equatable {
        public var records: Int
        /// Record blobs new or changed since the ref's previous commit.
        public var newRecords: Int
        public var cacheChanged: Bool
        public var notes: Int
        public var newNotes: Int
        public var notesChanged: Bool
    }

    /// Writes `refs/notes/forge-cache` and `refs/notes/forge` from the store, on top of what they
    /// hold (records only the refs have stay). A record the ref holds in a version that wins
    /// by the shared rule (an import not yet applied, say) is kept.
    public func writeLocal() throws -> Written {
        // Where the last publish left off, if the refs still hold exactly what it wrote: then only
        // what was fetched or ingested since needs reading (one changed record: a few objects and
        // a few rows, not the whole store). Otherwise everything, merged into what the refs hold.
        let mark = SharedWatermark(time: Int64(Date().timeIntervalSince1970) - 1, seq: try store.lastEventSeq())
        var since: SharedWatermark?
        var last = try store.sharedPublishMark()
        if let mark = last, repository.referenceTarget(SharedRefs.cache)?.hex == mark.cacheCommit,
           repository.referenceTarget(SharedRefs.notes)?.hex == mark.notesCommit {
            since = mark.watermark
        } else {
            last = nil
        }
        var records: [String: [UInt8]] = [:]
        var decoded: [String: SharedRecord] = [:]
        for record in try store.sharedRecords(host: settings.host, repo: home, since: since) {
            let key = record.key
            let bytes = record.encoded()
            if let other = decoded[key], !record.wins(over: other, bytes: bytes, otherBytes: records[key]!) { continue }
            records[key] = bytes
            decoded[key] = record
        }
        let cache = try NotesRef(repository: repository, name: SharedRefs.cache)
            .write(records, message: "git forge publish", keepOld: Self.theirsWins, unchangedCount: last?.records)
        var notes: [String: [UInt8]] = [:]
        for note in try store.pullRequestNotes(host: settings.host, repo: settings.repo, type: settings.type, since: since) {
            notes[note.sha] = Array(note.text.utf8)
        }
        let forge = try NotesRef(repository: repository, name: SharedRefs.notes)
            .write(notes, message: "git forge publish", unchangedCount: last?.notes)
        if let cacheTip = repository.referenceTarget(SharedRefs.cache), let notesTip = repository.referenceTarget(SharedRefs.notes) {
            try store.setSharedPublishMark(SharedPublishMark(watermark: mark, cacheCommit: cacheTip.hex, notesCommit: notesTip.hex,
                                                             records: cache.notes, notes: forge.notes))
        }
        return Written(records: cache.notes, newRecords: cache.written, cacheChanged: cache.changed,
                       notes: forge.notes, newNotes: forge.written, notesChanged: forge.changed)
    }

    /// The shared rule between two records under one key: true when `theirs` should replace
    /// `ours`. A record that does not decode never replaces one that does.
    static func theirsWins(key: String, ours: [UInt8], theirs: [UInt8]) -> Bool {
        guard let their = try? SharedRecord.decode(theirs, key: key) else { return false }
        guard let our = try? SharedRecord.decode(ours, key: key) else { return true }
        return their.wins(over: our, bytes: theirs, otherBytes: ours)
    }

    /// Between two notes for one commit: the one naming a final state, else the byte-wise
    /// greater, so every clone merging the same pair keeps the same note.
    static func theirNoteWins(key: String, ours: [UInt8], theirs: [UInt8]) -> Bool {
        func final(_ bytes: [UInt8]) -> Bool {
            let text = String(decoding: bytes, as: UTF8.self)
            return text.contains(" · merged") || text.contains(" · closed")
        }
        if final(ours) != final(theirs) { return final(theirs) }
        return ours.lexicographicallyPrecedes(theirs)
    }

    /// Merges the remote-tracking refs of `remote` into the local refs (fast-forward or a merge
    /// by the shared rule, never a forced overwrite). Returns whether the local cache ref changed.
    @discardableResult
    func mergeTracking(_ remote: String) throws -> Bool {
        var changed = false
        if let theirs = repository.referenceTarget(SharedRefs.trackingCache(remote)) {
            changed = try NotesRef(repository: repository, name: SharedRefs.cache)
                .merge(theirs, message: "git forge: merge \(remote)'s forge-cache", conflict: Self.theirsWins).changed
        }
        if let theirs = repository.referenceTarget(SharedRefs.trackingNotes(remote)) {
            _ = try NotesRef(repository: repository, name: SharedRefs.notes)
                .merge(theirs, message: "git forge: merge \(remote)'s forge notes", conflict: Self.theirNoteWins)
        }
        return changed
    }
}
