import GitForgeCore

/// `git forge log`'s lines: `git log --oneline`'s abbreviated id and subject, then the pull
/// request the commit came from (`#12 Title`, or its state when not resolved) and the issues it
/// closes. Everything from a commit or a forge goes through `TerminalText.neutralize`.
struct LogText {
    let result: LogResult
    let palette: Palette

    func render() -> String {
        var out = ""
        out.reserveCapacity(result.commits.count * 80)
        for context in result.commits { out += line(context) + "\n" }
        return out
    }

    func line(_ context: CommitContext) -> String {
        let c = context.commit
        var line = palette.paint(String(c.sha.prefix(result.abbreviation)), palette.commit) + " "
            + TerminalText.neutralize(c.subject)
        if let pull = context.pullRequests.first(where: { $0.relation == .mergedIn }) {
            line += "  " + palette.paint(name(pull), palette.bold)
            if let item = pull.item {
                line += " " + TerminalText.neutralize(item.title)
            } else {
                line += " " + status(pull)
            }
        }
        let closes = (context.pullRequests + context.issues).filter { $0.relation == .closes }
        if !closes.isEmpty {
            line += "  closes " + closes.map { name($0) }.joined(separator: ", ")
        }
        return line
    }

    private func name(_ link: ForgeLink) -> String {
        (link.crossRepository ? TerminalText.neutralize(link.repo) : "") + "#\(link.number)"
    }

    private func status(_ link: ForgeLink) -> String {
        switch link.status {
        case .notFound: palette.paint("(not found)", palette.failed)
        case .failed: palette.paint("(failed)", palette.failed)
        case .pending, .resolved: palette.paint("(pending)", palette.pending)
        }
    }
}
