/// What the parser thread hands the writer thread: a batch of events and, in a new store's first
/// fill, the backlog rows and links they make (`BacklogPlan`), which the writer then inserts
/// instead of recording them itself.
struct ParsedBatch {
    var events: [CommitEvent]
    var backlog: BacklogPlan.Batch? = nil
}
