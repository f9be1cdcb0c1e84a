/// The `meta` table's fixed keys, one spelling each (docs/data-model.md, "`meta`"). Keys built
/// at run time (`resolver.walk.<forge> <repo> <page size>`) start with `resolverWalkPrefix`.
enum MetaKey: String, CaseIterable {
    case derivedSeq = "derived.seq"
    case derivedContext = "derived.context"
    case mergesSeq = "merges.seq"
    case mergesContext = "merges.context"
    case eventlogCommits = "eventlog.commits"
    case ingestShallow = "ingest.shallow"
    case resolverNotBefore = "resolver.notBefore"
    case resolverNotBeforeCapped = "resolver.notBeforeCapped"
    case resolverWait = "resolver.wait"
    case resolverTokenWait = "resolver.tokenWait"
    case resolverPriority = "resolver.priority"

    /// Before `<forge> <repo> <page size>`: the next page of an unfinished page walk.
    static let resolverWalkPrefix = "resolver.walk."
}
