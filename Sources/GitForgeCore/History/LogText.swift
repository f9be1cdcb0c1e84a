/// `git forge log`'s lines: `git log --oneline`'s abbreviated id and subject, then the pull
/// request the commit came from (`#12 Title`, or its state when not resolved) and the issues it
/// closes. Everything from a commit or a forge goes through `TerminalText.neutralize`. Written
/// into one string piece by piece: a whole history is 25,000 lines or more.
struct LogText {
    let result: LogResult
    let palette: Palette

    func render() -> String {
        var out = ""
        out.reserveCapacity(result.commits.count * 100)
        for context in result.commits { append(context, to: &out) }
        return out
    }

    private func append(_ context: CommitContext, to out: inout String) {
        let c = context.commit
        paint(c.sha.prefix(result.abbreviation), palette.commit, &out)
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
        for link in context.pullRequests + context.issues where link.relation == .closes {
            out += first ? "  closes " : ", "
            out += name(link)
            first = false
        }
        out += "\n"
    }

    private func paint<S: StringProtocol>(_ text: S, _ color: String, _ out: inout String) {
        if color.isEmpty { return out += text }
        out += color
        out += text
        out += palette.reset
    }

    private func name(_ link: ForgeLink) -> String {
        (link.crossRepository ? TerminalText.neutralize(link.repo) : "") + "#\(link.number)"
    }
}
