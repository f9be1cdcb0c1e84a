import Foundation

/// GitHub with a token: GraphQL batches of up to 100 references (any mix of repositories), and
/// commit associations 100 commits per query. A 502/504 halves the batch for the rest of the run.
final class GitHubClient: ForgeClient {
    private let graphQL: URL
    /// The store's own repository: GitHub not showing it to the token stops the run.
    private let home: String
    private(set) var batchLimit: Int

    init(graphQL: URL, home: String, batchLimit: Int = 100) {
        self.graphQL = graphQL
        self.home = home
        self.batchLimit = max(1, min(100, batchLimit))
    }

    let associationBatchSize = 100
    let associationIsPerCommit = false

    func plan(_ refs: [BacklogEntry]) -> [ForgeWork] {
        stride(from: 0, to: refs.count, by: batchLimit).map {
            ForgeWork(repo: "*", refs: Array(refs[$0..<min($0 + batchLimit, refs.count)]), strategy: .batch)
        }
    }

    func fetch(_ work: ForgeWork, using transport: ForgeTransport, save: ([ResolvedRef]) throws -> Void) throws {
        let unaskable = work.refs.filter { !GitHubQuery.canAsk($0) }
        if !unaskable.isEmpty {
            try save(unaskable.map { ResolvedRef($0, .notFound(reason: "not a valid GitHub reference")) })
        }
        try fetchBatch(work.refs.filter(GitHubQuery.canAsk), transport: transport, save: save)
    }

    private func fetchBatch(_ refs: [BacklogEntry], transport: ForgeTransport,
                            save: ([ResolvedRef]) throws -> Void) throws {
        guard !refs.isEmpty else { return }
        let query = GitHubQuery.items(refs)
        do {
            let answers = try transport.send(request(query.text), splittable: refs.count > 1) { response in
                let envelope = try GitHubMapping.envelope(response, as: GHAliasedData<GHNode>.self)
                // A token that cannot read a private repository gets NOT_FOUND for the repository
                // itself; its numbers would all be recorded not found and never asked again.
                if let hidden = GitHubMapping.missingRepositories(envelope, query: query)
                    .first(where: { $0.caseInsensitiveCompare(home) == .orderedSame }) {
                    throw ResolverStop.needsToken("GitHub shows no repository \(hidden) to this token: it is private and "
                        + "the token cannot read it, or it does not exist; check the token's access, or forge.repo")
                }
                return GitHubMapping.answers(envelope, query: query)
            }
            try save(answers)
        } catch ResolverStop.batchTooLarge {
            batchLimit = min(batchLimit, max(1, refs.count / 2))
            // Chunks follow `batchLimit` as it shrinks further inside the recursion.
            var start = 0
            while start < refs.count {
                let size = batchLimit
                try fetchBatch(Array(refs[start..<min(start + size, refs.count)]), transport: transport, save: save)
                start += size
            }
        }
    }

    func associate(_ shas: [String], repo: String, using transport: ForgeTransport) throws -> [String: CommitAssociation] {
        guard let (text, aliases) = GitHubQuery.associations(shas, repo: repo), !aliases.isEmpty else { return [:] }
        return try transport.send(request(text)) { response in
            let envelope = try GitHubMapping.envelope(response, as: GHAliasedData<GHCommitNode>.self)
            guard let block = envelope.data?.blocks["r0"] ?? nil else { return [:] }
            var out: [String: CommitAssociation] = [:]
            for (alias, sha) in aliases {
                out[sha] = GitHubMapping.association(block[alias] ?? nil, sha: sha)
            }
            return out
        }
    }

    private func request(_ query: String) -> HTTPRequest {
        let body = try! JSONSerialization.data(withJSONObject: ["query": query])
        return HTTPRequest(method: .post, url: graphQL, headers: ["Content-Type": "application/json"], body: body)
    }
}
