import Foundation
import GRDB

/// Object ids as the store keeps them where they are keys (`eventlog.source_id` of a commit,
/// `commit_refs.sha`, `commit_pulls.sha`, `forge_commit_checks.sha`, `forge_refs.first_sha`):
/// the 20 raw bytes, half the 40 hex digits, in the rows and again in every index over them.
/// Everything outside `Store/` (views, the resolver, the shared cache's wire format) speaks hex;
/// the conversion is here, at the boundary.
///
/// Text that is not a 40-digit id is kept as text rather than refused: only a hand edit or a test
/// writes one, it matches no stored id, and it reads back as it was written. A backlog row no
/// commit names (a `--fetch`ed number) has the empty blob as `first_sha`; it reads back as `""`.
enum StoredID {
    /// The stored form of `hex`.
    static func value(_ hex: String) -> DatabaseValue {
        guard let id = ObjectID(hex: hex) else { return hex.databaseValue }
        return value(id)
    }

    static func value(_ id: ObjectID) -> DatabaseValue {
        id.withBytes { Data($0) }.databaseValue
    }

    /// The hex id a stored value spells; nil for NULL.
    static func hex(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .blob(let data): data.withUnsafeBytes { ObjectID(bytes: $0) }?.hex ?? ""
        case .string(let text): text
        default: nil
        }
    }

    /// The hex id in `row`'s column `index` (`""` for NULL).
    static func hex(_ row: Row, _ index: Int) -> String { hex(row[index] as DatabaseValue) ?? "" }
    static func hex(_ row: Row, _ column: String) -> String { hex(row[column] as DatabaseValue) ?? "" }
}
