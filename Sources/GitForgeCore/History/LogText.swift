/// `git forge log`'s lines: `git log --oneline`'s abbreviated id and subject, then the pull
/// request the commit came from (`#12 Title`, or its state when not resolved) and the issues it
/// closes. Everything from a commit or a forge goes through `TerminalText.neutralize`. Written
/// into one string piece by piece: a whole history is 25,000 lines or more.
struct LogText {
    /// Hex digits in an abbreviated id.
    let abbreviation: Int
    let palette: Palette

    func append(_ commits: [CommitContext], to out: inout String) {
        out.reserveCapacity(out.utf8.count + commits.count * 100)
        for context in commits { append(context, to: &out) }
    }

    private func append(_ context: CommitContext, to out: inout String) {
        let c = context.commit
        paint(String(c.sha.prefix(abbreviation)), palette.commit, &out)
        out += " "
        out += TerminalText.neutralize(c.subject)
        if let pull = context.pullRequests.first(where: { $0.relation == .mergedIn }) {
            out += "  "
            paint(name(pull), palette.bold, &out)
            out += " "
            if let item = pull.item {
                out += TerminalText.neutralize(item.title)
            } else {
                switch pull.status {
                case .notFound: paint("(not found)", palette.failed, &out)
                case .failed: paint("(failed)", palette.failed, &out)
                case .pending, .resolved: paint("(pending)", palette.pending, &out)
                }
            }
        }
        var first = true
        func closes(_ links: [ForgeLink]) {
            for link in links where link.relation == .closes {
                out += first ? "  closes " : ", "
                out += name(link)
                first = false
            }
        }
        closes(context.pullRequests)
        closes(context.issues)
        out += "\n"
    }

    /// Not generic: over a `Substring`, `+=` looked its conformance up at run time on first use.
    private func paint(_ text: String, _ color: String, _ out: inout String) {
        if color.isEmpty { return out += text }
        out += color
        out += text
        out += palette.reset
    }

    private func name(_ link: ForgeLink) -> String {
        (link.crossRepository ? TerminalText.neutralize(link.repo) : "") + "#\(link.number)"
    }
}
