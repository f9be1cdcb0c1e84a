import Foundation

/// Resolves a dense backlog by reading a repository's whole issue list page by page (GitHub REST
/// without a token, Gitea/Forgejo): a page answers up to 50-100 references at once, where single
/// reads answer one. Each page's answers are saved before the next page is asked for.
struct PageWalk {
    /// The URL of page `n` (1-based).
    var pageURL: (Int) -> URL
    var pageSize: Int
    /// True when pages list items by ascending number, so the walk can stop past the highest one wanted.
    var ascending: Bool
    var forgeName: String
    /// Turns a page into items; throws `ForgeReplyProblem.malformed` for an unexpected shape.
    var decode: (HTTPResponse) throws -> [ForgeItem]

    /// Pages needed to cover numbers up to `highest`, estimated as if no number were missing.
    static func estimatedPages(highest: Int, pageSize: Int) -> Int {
        (highest + pageSize - 1) / pageSize
    }

    func run(_ refs: [BacklogEntry], transport: ForgeTransport, request: (URL) -> HTTPRequest,
             save: ([ResolvedRef]) throws -> Void) throws {
        var wanted = Dictionary(refs.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let highest = wanted.keys.max() ?? 0
        var page = 1
        var highestSeen = 0
        var reachedEnd = false
        while !wanted.isEmpty {
            let (items, isLast) = try transport.send(request(pageURL(page))) { response -> ([ForgeItem], Bool) in
                guard response.status == 200 else {
                    throw ForgeReplyProblem.rejected("\(forgeName) answered HTTP \(response.status) to an issue list request")
                }
                let items = try decode(response)
                let link = response.headers["link"]
                let last = items.count < pageSize || (link != nil && !link!.contains("rel=\"next\""))
                return (items, last)
            }
            var answers: [ResolvedRef] = []
            for item in items {
                highestSeen = max(highestSeen, item.number)
                if let entry = wanted.removeValue(forKey: item.number) { answers.append(ResolvedRef(entry, .found(item))) }
            }
            if isLast { reachedEnd = true }
            let pastWanted = ascending && highestSeen >= highest
            if reachedEnd || pastWanted {
                // The list holds every issue and pull request: a number it skipped does not exist
                // (deleted, or transferred to another repository).
                for entry in wanted.values where reachedEnd || entry.number < highestSeen {
                    answers.append(ResolvedRef(entry, .notFound(reason: "not in the \(forgeName) issue list")))
                }
                wanted.removeAll()
            }
            if !answers.isEmpty { try save(answers) }
            page += 1
        }
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
