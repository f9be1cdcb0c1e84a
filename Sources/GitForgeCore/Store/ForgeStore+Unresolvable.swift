import GRDB

extension ForgeStore {
    private static let unresolvableKey = "hook.unresolvable"

    /// Records why a hook's run cannot resolve references here (nil: it can), so the log says a
    /// reason once when it appears or changes, not on every commit.
    /// - Returns: true when `reason` differs from the one recorded before.
    func noteUnresolvable(_ reason: String?) throws(StoreError) -> Bool {
        try write { db in
            let before = try Self.meta(db, Self.unresolvableKey)
            guard before != reason else { return false }
            if let reason {
                try Self.setMeta(db, Self.unresolvableKey, reason)
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [Self.unresolvableKey])
            }
            return true
        }
    }
}
