/// GraphQL documents for batches: one `repository` block per repository and one aliased
/// `issueOrPullRequest` per number, so one query answers up to 100 references, PR or issue alike.
struct GitHubQuery {
    var text: String
    /// `r0` → the entries asked in that repository block, by alias (`n12`).
    var blocks: [String: (repo: String, entries: [String: BacklogEntry])]

    static let itemFragments = """
        fragment P on PullRequest { number title body state isDraft url createdAt updatedAt closedAt mergedAt \
        author { login } labels(first: 20) { nodes { name } } baseRefName headRefName mergeCommit { oid } \
        reviews(states: APPROVED) { totalCount } \
        closingIssuesReferences(first: 10) { nodes { number repository { nameWithOwner } } } }
        fragment I on Issue { number title body state url createdAt updatedAt closedAt \
        author { login } labels(first: 20) { nodes { name } } }
        """

    /// GraphQL `Int` is 32-bit: a larger number cannot name anything on GitHub.
    static func canAsk(_ entry: BacklogEntry) -> Bool {
        entry.number > 0 && entry.number <= Int(Int32.max) && split(entry.repo) != nil
    }

    /// "owner/name" when both parts are plain GitHub names (so they are safe inside a string literal).
    static func split(_ repo: String) -> (owner: String, name: String)? {
        let parts = repo.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ part in
            !part.isEmpty && part.utf8.allSatisfy { b in
                (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95
            }
        }) else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    static func items(_ entries: [BacklogEntry]) -> GitHubQuery {
        var text = itemFragments + "\nquery { rateLimit { cost remaining resetAt }"
        var blocks: [String: (repo: String, entries: [String: BacklogEntry])] = [:]
        let byRepo = Dictionary(grouping: entries, by: \.repo).sorted { $0.key < $1.key }
        for (index, (repo, group)) in byRepo.enumerated() {
            guard let (owner, name) = split(repo) else { continue }
            let alias = "r\(index)"
            text += " \(alias): repository(owner: \"\(owner)\", name: \"\(name)\") {"
            var aliases: [String: BacklogEntry] = [:]
            for entry in group where aliases["n\(entry.number)"] == nil {
                aliases["n\(entry.number)"] = entry
                text += " n\(entry.number): issueOrPullRequest(number: \(entry.number)) { __typename ...P ...I }"
            }
            text += " }"
            blocks[alias] = (repo, aliases)
        }
        return GitHubQuery(text: text + " }", blocks: blocks)
    }

    /// Commit → pull request association for up to 100 commits of one repository.
    static func associations(_ shas: [String], repo: String) -> (text: String, aliases: [String: String])? {
        guard let (owner, name) = split(repo) else { return nil }
        var text = "query { rateLimit { cost remaining resetAt } r0: repository(owner: \"\(owner)\", name: \"\(name)\") {"
        var aliases: [String: String] = [:]
        for (index, sha) in shas.enumerated() where sha.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            aliases["c\(index)"] = sha
            text += " c\(index): object(oid: \"\(sha)\") { ... on Commit { associatedPullRequests(first: 5) { nodes { number state mergeCommit { oid } } } } }"
        }
        return (text + " } }", aliases)
    }
}
