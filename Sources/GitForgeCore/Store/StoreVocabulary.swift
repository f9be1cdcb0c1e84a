import GRDB

/// The values of a column the store checks (`CHECK (x IN (…))`), spelt once: by the enum.
protocol StoreVocabulary: RawRepresentable, CaseIterable where RawValue == String {}

extension StoreVocabulary {
    /// The value as an SQL string literal, for query text.
    var sql: String { "'\(rawValue)'" }
    /// Every value, as a list of SQL string literals.
    static var sqlList: String { allCases.map { $0.sql }.joined(separator: ", ") }
}

extension BacklogStatus: StoreVocabulary {}
extension ReferenceKind: StoreVocabulary {
    // Spelt out here (synthesis needs the enum's own file): the order of the store's CHECK lists.
    public static var allCases: [ReferenceKind] { [.any, .pullRequest, .issue] }
}

/// How a pull request was tied to a commit; `commit_pulls.via` holds `merge` and `forge`.
extension ForgeLink.Via: StoreVocabulary {
    public static var allCases: [ForgeLink.Via] { [.message, .merge, .forge] }
}

extension ReferenceRelation: StoreVocabulary {
    public static var allCases: [ReferenceRelation] { [.mergedIn, .closes, .mentions] }
}

// The checked columns read and bound as their enums (GRDB's `RawRepresentable` defaults): a
// `String` spelling never passes between the store and the code.
extension BacklogStatus: DatabaseValueConvertible {}
extension ReferenceKind: DatabaseValueConvertible {}
extension ReferenceRelation: DatabaseValueConvertible {}
extension ForgeLink.Via: DatabaseValueConvertible {}
