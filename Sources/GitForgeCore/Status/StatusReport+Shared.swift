import Foundation

/// `status`'s view of the shared cache (docs/sharing.md): null until a clone has a shared ref to
/// import or has imported one.
struct SharedCacheStatus: Encodable {
    /// The remote-tracking ref imported, e.g. `refs/notes/remotes/origin/forge-cache`.
    var ref: String
    /// When it was last imported (ISO 8601 UTC), null if never.
    var importedAt: String?
    /// Records it gave at the last import, and records skipped (malformed, oversized, another
    /// forge or repository).
    var records: Int
    var skipped: Int
    /// The ref moved since the last import (the next hook, `ingest`, `sync` or `fetch` imports it).
    var moved: Bool

    enum CodingKeys: String, CodingKey { case ref, importedAt, records, skipped, moved }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ref, forKey: .ref)
        try c.encode(importedAt, forKey: .importedAt)
        try c.encode(records, forKey: .records)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(moved, forKey: .moved)
    }

    init?(workspace: Workspace, store: ForgeStore) {
        guard let cache = try? SharedCache(workspace: workspace, store: store),
              let state = try? store.sharedState() else { return nil }
        let moved = (try? cache.movedSinceImport()) ?? nil
        guard let ref = moved ?? state.ref else { return nil }
        self.ref = ref
        importedAt = state.importedAt.map(ISODate.utc(seconds:))
        records = state.ref == ref ? state.records : 0
        skipped = state.ref == ref ? state.skipped : 0
        self.moved = moved != nil
    }

    /// `show`'s one line when the shared cache moved and is not imported yet (`show` never
    /// writes, so it does not import).
    static func notice(workspace: Workspace, store: ForgeStore) -> String? {
        guard case .success = workspace.forge, let cache = try? SharedCache(workspace: workspace, store: store),
              let ref = (try? cache.movedSinceImport()) ?? nil else { return nil }
        return "note: \(ref) moved since it was imported; 'git forge fetch' (or the next commit) imports it"
    }

    var line: String {
        var text = "Shared:   \(ref)"
        if let importedAt {
            text += " imported \(importedAt): \(records) record\(records == 1 ? "" : "s")"
            if skipped > 0 { text += ", \(skipped) skipped" }
        }
        if moved { text += importedAt == nil ? " not imported yet" : "; moved since" }
        return text
    }
}
