/// The pull request a merge commit's message names, in the shapes forges and merge bots write:
/// GitHub `Merge pull request #12 from …`, Gitea/Forgejo `Merge pull request 'Title' (#12) from …`,
/// bors `Auto merge of #12 - …` and bors-ng `Merge #12`, GitLab `See merge request group/proj!12`.
/// Only merge commits are asked, so an ordinary commit saying "Merge #12" is never read this way.
/// Matched by hand rather than with `Regex`: an initial ingest asks once per merge, thousands of
/// times, and Swift's regex engine cost more than the ancestry walks themselves.
struct MergeSubject: Equatable {
    /// `nil`: the repository the store is for.
    var repo: String?
    var number: Int

    init(repo: String?, number: Int) {
        self.repo = repo
        self.number = number
    }

    init?(subject: String, body: String) {
        if let rest = subject.dropPrefix("Merge pull request #"),
           let (n, tail) = Self.number(rest), tail.hasPrefix(" from ") {
            self.init(repo: nil, number: n)
        } else if subject.hasPrefix("Merge pull request '"), let range = subject.range(of: "' (#", options: .backwards),
                  let (n, tail) = Self.number(subject[range.upperBound...]),
                  tail == ")" || tail.hasPrefix(") from ") {
            self.init(repo: nil, number: n)
        } else if let rest = subject.dropPrefix("Auto merge of #"), let (n, tail) = Self.number(rest),
                  tail.hasPrefix(" - ") {
            self.init(repo: nil, number: n)
        } else if let rest = subject.dropPrefix("Merge #"), let (n, tail) = Self.number(rest),
                  tail.isEmpty || tail.hasPrefix(":") || (tail.hasPrefix(" ") && !tail.contains("#")) {
            // bors-ng batches several pull requests into one merge (`Merge #1 #2`): no single owner.
            self.init(repo: nil, number: n)
        } else if let found = Self.gitLab(body) {
            self = found
        } else {
            return nil
        }
    }

    /// `See merge request group/sub/proj!12` (or `!12` alone) on a line of its own.
    private static func gitLab(_ body: String) -> MergeSubject? {
        guard body.contains("See merge request ") else { return nil }
        for line in body.split(separator: "\n") {
            guard let rest = line.dropPrefix("See merge request "), let bang = rest.lastIndex(of: "!"),
                  let (n, tail) = number(rest[rest.index(after: bang)...]),
                  tail.allSatisfy(\.isWhitespace) else { continue }
            let path = rest[..<bang]
            guard path.allSatisfy({ $0.isLetter || $0.isNumber || "._-/".contains($0) }) else { continue }
            return MergeSubject(repo: path.isEmpty ? nil : String(path), number: n)
        }
        return nil
    }

    /// Leading digits as a number a forge can hold, and what follows them.
    private static func number(_ text: Substring) -> (Int, Substring)? {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 10, let n = Int(digits), n > 0, n <= Int(Int32.max) else { return nil }
        return (n, text[digits.endIndex...])
    }
}

private extension StringProtocol {
    func dropPrefix(_ prefix: String) -> SubSequence? { hasPrefix(prefix) ? dropFirst(prefix.count) : nil }
}
