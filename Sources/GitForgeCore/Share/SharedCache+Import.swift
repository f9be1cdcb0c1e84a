import Foundation

/// Importing a remote's shared cache. Whoever can push to the remote wrote it, so every record is
/// validated (schema, sizes, forge and repository) and a bad one is skipped and counted.
extension SharedCache {
    public struct ImportReport: Sendable, Equatable {
        public var ref: String
        /// Records read from blobs new since the last import, and those skipped.
        public var accepted: Int
        public var skipped: Int
        /// Why records were skipped, one line each (the first few).
        public var reasons: [String]
        public var applied: ForgeStore.SharedImport
        /// The state saved for `status`.
        public var state: SharedState
    }

    /// The remote whose refs are imported: the forge remote.
    public var remote: String { settings.remote }

    /// The remote-tracking ref when it moved since the last import, else nil. One ref read and
    /// one `meta` read: cheap enough for hooks, `ingest` and `show`.
    public func movedSinceImport(remote: String? = nil) throws(StoreError) -> String? {
        let ref = SharedRefs.trackingCache(remote ?? self.remote)
        guard let tip = repository.referenceTarget(ref) else { return nil }
        let state = try store.sharedState()
        return state.ref == ref && state.imported == tip.hex ? nil : ref
    }

    /// Imports the remote-tracking refs when they moved since the last import.
    /// - Returns: nil when there was nothing new.
    public func importIfMoved(remote: String? = nil) throws -> ImportReport? {
        let remote = remote ?? self.remote
        guard try movedSinceImport(remote: remote) != nil else { return nil }
        return try importNow(remote: remote)
    }

    /// Imports `refs/notes/remotes/<remote>/forge-cache` into the store and merges both
    /// remote-tracking refs into the local ones. Only records whose blob changed since the last
    /// import are read, so importing after a small publish costs little; `full` reads them all
    /// (`git forge fetch`, which reports every skipped record).
    public func importNow(remote: String, full: Bool = false) throws -> ImportReport? {
        let ref = SharedRefs.trackingCache(remote)
        guard let tip = repository.referenceTarget(ref) else { return nil }
        let previousState = try store.sharedState()
        let current = try repository.readNotes(commit: tip)
        var previous: [String: ObjectID] = [:]
        var incremental = false
        if !full, previousState.ref == ref, let old = previousState.imported.flatMap(ObjectID.init(hex:)),
           let oldNotes = try? repository.readNotes(commit: old) {
            previous = oldNotes.tree.map
            incremental = true
        }
        let freshAfter = Date().addingTimeInterval(-TimeInterval(refreshAge))
        let backlogRepos = try store.backlogRepositories()
        var records: [SharedRecord] = []
        var skipped = 0, bytesRead = 0, reasons: [String] = []
        func skip(_ key: String, _ why: String) {
            skipped += 1
            if reasons.count < 10 { reasons.append("record \(key): \(why)") }
        }
        for (index, entry) in current.tree.entries.enumerated() where previous[entry.key] != entry.blob {
            guard index < SharedLimits.records, bytesRead < SharedLimits.totalBytes else {
                skip(entry.key, "beyond the shared cache's limits (\(SharedLimits.records) records, \(SharedLimits.totalBytes) bytes)")
                continue
            }
            guard let bytes = try repository.readBlob(entry.blob, limit: SharedLimits.blobBytes) else {
                skip(entry.key, SharedRecordError.tooLarge(SharedLimits.blobBytes).description)
                continue
            }
            bytesRead += bytes.count
            do throws(SharedRecordError) {
                let record = try SharedRecord.decode(bytes, key: entry.key)
                try accept(record, backlogRepos: backlogRepos)
                records.append(record)
            } catch {
                skip(entry.key, error.description)
            }
        }
        let pullKind: ReferenceKind = settings.type == .gitlab ? .pullRequest : .any
        let applied = try store.importShared(records, pullKind: pullKind, freshAfter: freshAfter)
        try mergeTracking(remote)
        let totalSkipped = min(current.tree.entries.count, (incremental ? previousState.skipped : 0) + skipped)
        let state = SharedState(ref: ref, imported: tip.hex, importedAt: Int64(Date().timeIntervalSince1970),
                                records: current.tree.entries.count - totalSkipped, skipped: totalSkipped)
        try store.setSharedState(state)
        return ImportReport(ref: ref, accepted: records.count, skipped: skipped, reasons: reasons, applied: applied,
                            state: state)
    }

    /// Records about this forge only: another host's are ignored, and so are items of another
    /// repository unless this clone's backlog names that repository (a cross-repository
    /// reference its resolver would otherwise ask for).
    private func accept(_ record: SharedRecord, backlogRepos: Set<String>) throws(SharedRecordError) {
        guard record.host == settings.host.lowercased() else { throw .otherForge(record.host) }
        switch record {
        case .commit:
            guard record.repo == home else { throw .otherRepository(record.repo) }
        case .item, .missing:
            guard record.repo == home || backlogRepos.contains(record.repo) else { throw .otherRepository(record.repo) }
        }
    }

    /// `forge.refreshAge`, or its default when it is unset or unreadable (the resolver reports a
    /// bad value; an import only needs to know what counts as fresh).
    var refreshAge: Int {
        (try? ResolverSettings(forge: settings, config: config).refreshAge) ?? ResolverSettings.defaultRefreshAge
    }
}

extension SharedCache {
    /// One line for a log or a terminal about an import, nil when nothing was imported.
    public static func logLine(_ result: Result<ImportReport?, any Error>?) -> String? {
        switch result {
        case nil, .success(nil)?: return nil
        case let .failure(error)?: return "shared cache not imported: \(error)"
        case let .success(report?)?: return report.summary
        }
    }
}

extension SharedCache.ImportReport {
    /// `Imported 1200 records from refs/notes/remotes/origin/forge-cache (2 skipped).`
    public var summary: String {
        let s = accepted == 1 ? "" : "s"
        let skip = skipped == 0 ? "" : " (\(skipped) skipped: see 'git forge status')"
        return "Imported \(accepted) record\(s) from \(ref)\(skip)."
    }
}
