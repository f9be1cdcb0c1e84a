import GRDB

extension ForgeStore {
    static func meta(_ db: Database, _ key: MetaKey) throws -> String? { try meta(db, key.rawValue) }
    static func setMeta(_ db: Database, _ key: MetaKey, _ value: String) throws { try setMeta(db, key.rawValue, value) }
}
