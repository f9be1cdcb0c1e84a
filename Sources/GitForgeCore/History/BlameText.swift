/// `git forge blame`'s lines, shaped like `git blame`'s: the abbreviated commit, then in
/// parentheses the pull request it came from (where `git blame` puts the author) and the line
/// number, then the line. Titles are cut to keep the column narrow; everything from a commit or a
/// forge goes through `TerminalText.neutralize`.
struct BlameText {
    let result: BlameResult
    let palette: Palette
    static let titleWidth = 24

    /// The pull request the commit came from, as `show` lists it.
    static func pullRequest(_ context: CommitContext) -> ForgeLink? {
        context.pullRequests.first { $0.relation == .mergedIn }
    }

    func render() -> String {
        var labels: [String: String] = [:]
        for (sha, context) in result.commits { labels[sha] = label(context) }
        let width = labels.values.map(\.count).max() ?? 0
        let last = result.hunks.map { $0.start + $0.lines - 1 }.max() ?? 0
        let numberWidth = String(last).count
        var out = ""
        var index = 0
        for hunk in result.hunks {
            let sha = palette.paint(String(hunk.sha.prefix(result.abbreviation)), palette.commit)
            let label = labels[hunk.sha] ?? ""
            let padded = label + String(repeating: " ", count: max(0, width - label.count))
            for n in hunk.start..<(hunk.start + hunk.lines) {
                let number = String(n)
                let text = index < result.text.count ? result.text[index] : ""
                index += 1
                out += "\(sha) (\(padded) \(String(repeating: " ", count: numberWidth - number.count))\(number)) "
                out += TerminalText.neutralize(text) + "\n"
            }
        }
        return out
    }

    private func label(_ context: CommitContext) -> String {
        guard let pull = Self.pullRequest(context) else { return "" }
        let name = (pull.crossRepository ? TerminalText.neutralize(pull.repo) : "") + "#\(pull.number)"
        guard let title = pull.item?.title else {
            return name + (pull.status == .notFound ? " (not found)" : pull.status == .failed ? " (failed)" : " (pending)")
        }
        let safe = TerminalText.neutralize(title)
        return name + " " + (safe.count > Self.titleWidth ? String(safe.prefix(Self.titleWidth - 1)) + "…" : safe)
    }
}
