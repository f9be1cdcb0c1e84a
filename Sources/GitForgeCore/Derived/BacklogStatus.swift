/// Where a backlog row (`forge_refs.status`) stands; the raw values are the store's and the JSON's
/// spellings (`show --json`'s `status`).
public enum BacklogStatus: String, Sendable, CaseIterable {
    /// Not asked yet, or asked and put off (a transient failure).
    case pending
    /// The item is in the forge cache.
    case resolved
    /// The forge says it does not exist; not asked again until `sync --rebuild`.
    case notFound
    /// Transient failures in `maxAttempts` runs.
    case failed
}

/// The values of a column the store checks (`CHECK (x IN (…))`), spelt once: by the enum.
protocol StoreVocabulary: RawRepresentable, CaseIterable where RawValue == String {}

extension StoreVocabulary {
    /// The value as an SQL string literal, for query text.
    var sql: String { "'\(rawValue)'" }
    /// Every value, as a list of SQL string literals.
    static var sqlList: String { allCases.map(\.sql).joined(separator: ", ") }
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
