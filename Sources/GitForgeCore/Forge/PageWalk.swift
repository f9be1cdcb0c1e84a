import Foundation

/// Resolves a dense backlog by reading a repository's whole issue list page by page (GitHub REST
/// without a token, Gitea/Forgejo): a page answers up to 50-100 references at once, where single
/// reads answer one. Each page's answers are saved before the next page is asked for, with every
/// other item on it, and where the walk is is kept, so a walk cut short goes on from there.
///
/// A walk concludes nothing from what it did not see: a short page is not the last while the
/// forge links a next one (Gitea servers cap `limit` below what was asked), and an item out of
/// order (transferred, imported) says nothing about the numbers around it. Numbers the walk did
/// not meet are read one by one afterwards, where a 404 is an answer.
struct PageWalk {
    /// The URL of page `n` (1-based).
    var pageURL: (Int) -> URL
    var pageSize: Int
    /// True when pages list items by ascending number, false for descending.
    var ascending: Bool
    var forgeName: String
    /// Names this list for the saved position ("github o/r"); a different page size is another list.
    var key: String
    /// Turns a page into items; throws `ForgeReplyProblem.malformed` when it is not a list at all.
    /// An item of an unexpected shape is skipped (`LossyList`) and counted in `listed`.
    var decode: (HTTPResponse) throws -> (items: [ForgeItem], listed: Int)

    /// Pages needed to cover numbers up to `highest`, estimated as if no number were missing.
    static func estimatedPages(highest: Int, pageSize: Int) -> Int {
        (highest + pageSize - 1) / pageSize
    }

    /// The most pages one walk asks for: twice the estimate and a few, so a list that never ends
    /// (a server ignoring `page`) costs a bounded number of requests.
    static func pageCap(highest: Int, pageSize: Int) -> Int {
        estimatedPages(highest: highest, pageSize: max(1, pageSize)) * 2 + 3
    }

    /// - Parameters:
    ///   - single: reads one entry on its own, for the numbers the walk did not meet.
    func run(_ refs: [BacklogEntry], transport: ForgeTransport, request: (URL) -> HTTPRequest,
             save: ([ResolvedRef]) throws -> Void, single: (BacklogEntry) throws -> ResolvedRef) throws {
        var wanted = Dictionary(refs.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let highest = wanted.keys.max() ?? 0, lowest = wanted.keys.min() ?? 0
        let journal = transport.walkJournal
        var expected = Self.estimatedPages(highest: highest, pageSize: pageSize)
        var cap = Self.pageCap(highest: highest, pageSize: pageSize)
        let resumed = (try? journal?.position(positionKey)).flatMap { $0 }.flatMap { $0 > 1 && $0 <= cap ? $0 : nil }
        let start = resumed ?? 1
        var page = start
        var wrapped = start == 1
        var asked = 0
        var seen = Set<Int>()
        while !wanted.isEmpty, asked < cap {
            let (items, listed, hasNext) = try transport.send(request(pageURL(page))) { response -> ([ForgeItem], Int, Bool) in
                guard response.status == 200 else {
                    throw ForgeReplyProblem.rejected("\(forgeName) answered HTTP \(response.status) to an issue list request")
                }
                let (items, listed) = try decode(response)
                // The forge's own word first: a page it links a next one from is not the last,
                // however short; without a Link header, a short page is.
                let hasNext = response.headers["link"].map { $0.contains("rel=\"next\"") } ?? (listed >= pageSize)
                return (items, listed, hasNext && listed > 0)
            }
            asked += 1
            if hasNext, listed < pageSize {
                expected = max(expected, Self.estimatedPages(highest: highest, pageSize: listed))
                cap = max(cap, Self.pageCap(highest: highest, pageSize: listed))
            }
            let fresh = items.filter { seen.insert($0.number).inserted }
            var answers: [ResolvedRef] = []
            var others: [ForgeItem] = []
            for item in fresh {
                if let entry = wanted.removeValue(forKey: item.number) {
                    answers.append(ResolvedRef(entry, .found(item)))
                } else {
                    others.append(item)
                }
            }
            if !answers.isEmpty { try save(answers) }
            try journal?.cache(others, refs.first?.repo ?? "")
            let numbers = items.map { $0.number }
            let past = ascending ? (numbers.min().map { $0 > highest } ?? false) : (numbers.max().map { $0 < lowest } ?? false)
            // Where the list is now tells how far the wanted numbers still are: when more pages
            // than single reads, the rest is read one by one (a newest-first list of a large
            // repository, asked about its oldest numbers).
            let gap = ascending ? numbers.max().map { highest - $0 } : numbers.min().map { $0 - lowest }
            let costly = !wanted.isEmpty && (gap.map { Self.estimatedPages(highest: $0, pageSize: max(1, listed)) > wanted.count } ?? false)
            let atEnd = !hasNext || past || costly || (fresh.isEmpty && listed == items.count)
            if atEnd {
                // Resumed part-way: the pages before the start are read too, up to the start.
                guard !wrapped else { break }
                wrapped = true
                page = 1
            } else {
                page += 1
                if wrapped, resumed != nil, page >= start { break }
            }
            try journal?.setPosition(positionKey, page)
            journal?.progress("reading the \(forgeName) issue list: page \(asked) of about \(max(expected, asked))")
        }
        try journal?.setPosition(positionKey, nil)
        for entry in wanted.values.sorted(by: { $0.number < $1.number }) {
            try save([try single(entry)])
        }
    }

    private var positionKey: String { "\(key) \(pageSize)" }
}

/// What a walk keeps beyond one page, through the store: set on the transport by the session.
struct PageWalkJournal {
    /// Where the walk of a list stopped in an earlier run: the next page to ask.
    var position: (String) throws -> Int?
    var setPosition: (String, Int?) throws -> Void
    /// Saves items of `repo` a page brought that no pending reference asked for.
    var cache: (_ items: [ForgeItem], _ repo: String) throws -> Void
    /// Says where the walk is.
    var progress: (String) -> Void
}

/// A JSON list read item by item: an item of an unexpected shape is skipped (its number is then
/// read on its own) instead of failing the whole page, and every run after it.
struct LossyList<Element: Decodable>: Decodable {
    var elements: [Element] = []
    /// Items in the list, skipped ones included.
    var count = 0

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd {
            count += 1
            if let element = try? container.decode(Element.self) {
                elements.append(element)
            } else {
                _ = try container.decode(Skip.self)
            }
        }
    }

    private struct Skip: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}

extension ForgeWork {
    /// Page walks for repositories whose pending numbers are dense, single reads elsewhere:
    /// whichever costs fewer requests.
    static func densePlan(_ refs: [BacklogEntry], pageSize: Int, singleCost: Int = 1) -> [ForgeWork] {
        var work: [ForgeWork] = []
        for (repo, group) in Dictionary(grouping: refs, by: \.repo).sorted(by: { $0.key < $1.key }) {
            // A refresh with an ETag is a conditional single read: a 304 costs nothing.
            let conditional = group.filter { $0.etag != nil }
            let plain = group.filter { $0.etag == nil }
            work += conditional.map { ForgeWork(repo: repo, refs: [$0], strategy: .single) }
            let highest = plain.map(\.number).max() ?? 0
            if !plain.isEmpty, PageWalk.estimatedPages(highest: highest, pageSize: pageSize) < plain.count * singleCost {
                work.append(ForgeWork(repo: repo, refs: plain, strategy: .pageWalk))
            } else {
                work += plain.map { ForgeWork(repo: repo, refs: [$0], strategy: .single) }
            }
        }
        return work
    }
}
