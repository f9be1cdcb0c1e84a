/// The pull request a merge commit's message names, in the shapes forges and merge bots write:
/// GitHub `Merge pull request #12 from …`, Gitea/Forgejo `Merge pull request 'Title' (#12) from …`,
/// bors `Auto merge of #12 - …` and bors-ng `Merge #12`, GitLab `See merge request group/proj!12`.
/// Only merge commits are asked, so an ordinary commit saying "Merge #12" is never read this way.
struct MergeSubject: Equatable {
    /// `nil`: the repository the store is for.
    var repo: String?
    var number: Int

    init?(subject: String, body: String) {
        if let m = subject.wholeMatch(of: #/Merge pull request #(\d+) from .*/#),
           let n = Self.number(m.1) {
            self.init(repo: nil, number: n)
        } else if let m = subject.wholeMatch(of: #/Merge pull request '.*' \(#(\d+)\)( from .*)?/#),
                  let n = Self.number(m.1) {
            self.init(repo: nil, number: n)
        } else if let m = subject.wholeMatch(of: #/Auto merge of #(\d+) - .*/#), let n = Self.number(m.1) {
            self.init(repo: nil, number: n)
        } else if let m = subject.wholeMatch(of: #/Merge #(\d+):?( .*)?/#), let n = Self.number(m.1),
                  !(m.2.map { $0.contains("#") } ?? false) {
            // bors-ng batches several pull requests into one merge (`Merge #1 #2`): no single owner.
            self.init(repo: nil, number: n)
        } else if let m = body.firstMatch(of: #/(?m)^See merge request ([\w.\-/]+)?!(\d+)\s*$/#),
                  let n = Self.number(m.2) {
            self.init(repo: m.1.map(String.init), number: n)
        } else {
            return nil
        }
    }

    init(repo: String?, number: Int) {
        self.repo = repo
        self.number = number
    }

    private static func number(_ digits: Substring) -> Int? {
        guard let n = Int(digits), n > 0, n <= Int(Int32.max) else { return nil }
        return n
    }
}
