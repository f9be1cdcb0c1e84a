import Foundation

/// The text of `git forge pr`, `issue` and `prs`. Everything from a forge or a commit goes through
/// `TerminalText.neutralize`.
struct ItemText {
    let palette: Palette
    /// Ages ("open, as of 3 hours ago") are measured from here.
    let now: Date

    /// `pr` / `issue`: the item, its description, its commits and what it closes or came through.
    func render(_ view: ItemView) -> String {
        let pull = view.link.kind == .pull
        var out = heading(view.link) + "\n"
        if let item = view.link.item {
            out += facts(item) + "\n"
            if !item.labels.isEmpty { out += "labels: " + item.labels.map(safe).joined(separator: ", ") + "\n" }
            out += safe(item.url) + "\n"
        }
        let body = view.body.trimmingCharacters(in: .whitespacesAndNewlines)
        if !body.isEmpty {
            out += "\n"
            for line in TerminalText.neutralize(body.replacingOccurrences(of: "\r\n", with: "\n"), keepNewlines: true)
                .split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "\n" : "    \(line)\n"
            }
        }
        let belonging = view.commits.filter { pull ? $0.relation == .mergedIn : true }
        out += section("Commits", belonging.map { commitLine($0, pull: pull) },
                       empty: pull ? "no commit of the local history is known to belong to it" : "no commit names it")
        if pull {
            let mentions = view.commits.filter { $0.relation != .mergedIn }
            out += section("Mentioned by", mentions.map { commitLine($0, pull: true) })
            out += section("Closes", view.closes.map { linkLine($0, running: view.resolverRunning) })
        } else {
            out += section("Pull requests", view.pullRequests.map { linkLine($0, running: view.resolverRunning) })
        }
        return out
    }

    /// `prs`: each pull request once, then the commits that came from none.
    func render(_ notes: ReleaseNotes) -> String {
        var out = ""
        for entry in notes.pullRequests {
            let link = entry.pullRequest
            let count = entry.commits.count == 1 ? "1 commit" : "\(entry.commits.count) commits"
            if let item = link.item {
                out += "\(name(link)) \(safe(item.title))\n"
                out += "    \(facts(item)) · \(count)\n"
                if !item.labels.isEmpty { out += "    labels: " + item.labels.map(safe).joined(separator: ", ") + "\n" }
            } else {
                out += "\(name(link)) · \(unresolved(link, running: notes.resolverRunning)) · \(count)\n"
            }
            for issue in entry.closes { out += "    closes " + linkLine(issue, running: notes.resolverRunning) + "\n" }
        }
        if !notes.commits.isEmpty {
            if !out.isEmpty { out += "\n" }
            out += palette.paint("Commits without a pull request", palette.bold) + "\n"
            for commit in notes.commits { out += "    " + commitLine(commit, pull: false) + "\n" }
        }
        return out
    }

    private func heading(_ link: ForgeLink) -> String {
        let kind = link.kind == .pull ? "pull request" : "issue"
        let title = link.item.map { " " + safe($0.title) } ?? ""
        return palette.paint("\(kind) #\(link.number)", palette.bold) + title
    }

    private func facts(_ item: ForgeItemSummary) -> String {
        var facts = [state(item)]
        if let author = item.author { facts.append("by \(safe(author))") }
        return facts.joined(separator: " · ")
    }

    private func section(_ title: String, _ lines: [String], empty: String? = nil) -> String {
        guard !lines.isEmpty || empty != nil else { return "" }
        var out = "\n" + palette.paint(title, palette.bold) + "\n"
        if lines.isEmpty, let empty { return out + "    (\(empty))\n" }
        for line in lines { out += "    \(line)\n" }
        return out
    }

    private func commitLine(_ commit: ItemCommit, pull: Bool) -> String {
        var line = palette.paint(String(commit.sha.prefix(7)), palette.commit) + " " + safe(commit.subject)
        if pull, let via = commit.via { line += " (via \(via.rawValue))" }
        if !pull, commit.relation == .closes { line += " · closes" }
        if let number = commit.pullRequest { line += " · from #\(number)" }
        return line
    }

    private func linkLine(_ link: ForgeLink, running: Bool) -> String {
        guard let item = link.item else { return "\(name(link)) · \(unresolved(link, running: running))" }
        return "\(name(link)) \(safe(item.title)) · \(state(item))"
    }

    private func name(_ link: ForgeLink) -> String {
        palette.paint((link.crossRepository ? safe(link.repo) : "") + "#\(link.number)", palette.bold)
    }

    private func state(_ item: ForgeItemSummary) -> String {
        switch item.displayState {
        case "merged":
            return palette.paint("merged", palette.merged) + (item.mergedAt.map { " \(safe($0))" } ?? "")
        case "closed":
            return palette.paint("closed", palette.closed)
        case let open:
            let age = RelativeAge.describe(seconds: Int64(now.timeIntervalSince1970) - item.fetchedAt)
            return palette.paint(safe(open), open == "draft" ? palette.draft : palette.open) + ", as of \(age)"
        }
    }

    private func unresolved(_ link: ForgeLink, running: Bool) -> String {
        switch link.status {
        case .notFound: return palette.paint("not found", palette.failed)
        case .failed: return palette.paint("failed", palette.failed) + (link.error.map { ": \(safe($0))" } ?? "")
        case .pending, .resolved:
            return palette.paint("pending", palette.pending) + " — "
                + (running ? "resolver running" : "run git forge sync")
        }
    }

    private func safe(_ text: String) -> String { TerminalText.neutralize(text) }
}
