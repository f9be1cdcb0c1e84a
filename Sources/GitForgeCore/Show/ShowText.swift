import Foundation

/// `git forge show`'s text: `git show`'s header (without the patch), then the pull requests and
/// issues. Everything that came from a commit or a forge goes through `TerminalText.neutralize`.
public struct ShowText {
    /// Whether anything will fetch what is pending, which decides the advice given for it.
    public enum Setup: Sendable {
        /// Hooks or `git forge sync` fetch it.
        case ready
        /// `forge.enabled=false`: a sync would not be the missing step.
        case paused
        /// Nothing was ever ingested here.
        case noStore
    }

    let context: CommitContext
    let palette: Palette
    /// Ages ("open, as of 3 hours ago") are measured from here.
    let now: Date
    var setup = Setup.ready

    public init(context: CommitContext, palette: Palette, now: Date, setup: Setup = .ready) {
        self.context = context
        self.palette = palette
        self.now = now
        self.setup = setup
    }

    public func render() -> String {
        let c = context.commit
        var out = palette.paint("commit \(c.sha)", palette.commit) + "\n"
        if c.parents.count > 1 { out += "Merge: " + c.parents.map { String($0.prefix(7)) }.joined(separator: " ") + "\n" }
        out += "Author: \(safe(c.authorName)) <\(safe(c.authorEmail))>\n"
        out += "Date:   \(GitDate.format(seconds: c.time, offsetMinutes: c.offsetMinutes))\n\n"
        let message = c.body.isEmpty ? c.subject : c.subject + "\n\n" + c.body
        for line in TerminalText.neutralize(message, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false) {
            out += "    \(line)\n"  // blank lines too, as git indents them
        }
        if !c.ingested {
            switch setup {
            case .ready: out += "\n(not ingested yet: links from the message only — run git forge sync)\n"
            case .paused: out += "\n(not ingested yet: links from the message only; forge.enabled is false)\n"
            case .noStore: out += "\n(nothing is ingested yet: links from the message only — run git forge install)\n"
            }
        }
        out += section("Pull requests", context.pullRequests)
        if context.pullRequests.isEmpty, let check = context.pullRequestCheck, check.answer != .found {
            out += "\n" + palette.paint("Pull requests", palette.bold) + "\n    " + checked(check) + "\n"
        }
        out += section("Issues", context.issues)
        return out
    }

    /// The forge was asked which pull request the commit came from and named none.
    private func checked(_ check: PullRequestCheck) -> String {
        let age = RelativeAge.describe(seconds: Int64(now.timeIntervalSince1970) - check.checkedAt)
        let noun = context.forge == .gitlab ? "merge request" : "pull request"
        return check.answer == .unknown ? "unknown: the forge did not know this commit when asked (\(age))"
            : "no \(noun) (checked \(age))"
    }

    private func section(_ title: String, _ links: [ForgeLink]) -> String {
        guard !links.isEmpty else { return "" }
        var out = "\n" + palette.paint(title, palette.bold) + "\n"
        for link in links { out += block(link) }
        return out
    }

    private func block(_ link: ForgeLink) -> String {
        let number = (isMergeRequest(link) ? "!" : "#") + "\(link.number)"
        let name = palette.paint((link.crossRepository ? safe(link.repo) : "") + number, palette.bold)
        var relation = Self.relationText(link.relation)
        if let via = link.via, link.relation == .mergedIn { relation += " (via \(via.rawValue))" }
        guard let item = link.item else {
            // The forge ties open pull requests to their commits too: merged is not known yet.
            if link.relation == .mergedIn, link.via == .forge {
                relation = "from \(isMergeRequest(link) ? "merge request" : "pull request") (via forge)"
            }
            return "    \(name) \(relation) · \(unresolved(link))\n"
        }
        var facts = [relation, state(item)]
        if link.relation == .mergedIn, item.state != "merged" {
            // The commit is on the pull request's branch, which is not merged (yet, or ever).
            let noun = isMergeRequest(link) ? "merge request" : "pull request"
            let said = item.state == "closed" ? palette.paint("closed without merging", palette.closed)
                : palette.paint(item.displayState, item.displayState == "draft" ? palette.draft : palette.open)
            facts = ["from \(noun) \(number) (\(said)" + (link.via.map { ", via \($0.rawValue))" } ?? ")")]
            if item.state != "closed" { facts.append("as of " + age(item)) }
        }
        if let author = item.author { facts.append("by \(safe(author))") }
        var out = "    \(name) \(safe(item.title))\n"
        out += "        " + facts.joined(separator: " · ") + "\n"
        if !item.labels.isEmpty { out += "        labels: " + item.labels.map(safe).joined(separator: ", ") + "\n" }
        out += "        \(safe(item.url))\n"
        return out
    }

    private func state(_ item: ForgeItemSummary) -> String {
        switch item.displayState {
        case "merged":
            return palette.paint("merged", palette.merged) + (item.mergedAt.map { " \(safe(ISODate.utc($0)))" } ?? "")
        case "closed":
            return palette.paint("closed", palette.closed)
        case let open:
            // Open items change: say how old this picture is.
            return palette.paint(open, open == "draft" ? palette.draft : palette.open) + ", as of \(age(item))"
        }
    }

    private func age(_ item: ForgeItemSummary) -> String {
        RelativeAge.describe(seconds: Int64(now.timeIntervalSince1970) - item.fetchedAt)
    }

    /// GitLab writes its merge requests `!12` (its issues are `#12`, a separate sequence).
    private func isMergeRequest(_ link: ForgeLink) -> Bool { link.kind == .pull && context.forge == .gitlab }

    private func unresolved(_ link: ForgeLink) -> String {
        switch link.status {
        case .notFound: return palette.paint("not found", palette.failed)
        case .failed: return palette.paint("failed", palette.failed) + (link.error.map { ": \(safe($0))" } ?? "")
        case .pending, .resolved:
            let next = switch setup {
            case _ where context.resolverRunning: " — resolver running"
            case .ready: " — run git forge sync"
            case .paused: " (forge.enabled is false)"
            case .noStore: " — run git forge install"
            }
            return palette.paint("pending", palette.pending) + next
        }
    }

    private func safe(_ text: String) -> String { TerminalText.neutralize(text) }

    private static func relationText(_ relation: ReferenceRelation) -> String {
        switch relation {
        case .mergedIn: "merged in"
        case .closes: "closes"
        case .mentions: "mentions"
        }
    }
}

/// `git show`'s default date: `Tue Nov 14 22:13:20 2023 +0100`, in the author's own offset.
public enum GitDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public static func format(seconds: Int64, offsetMinutes: Int) -> String {
        var t = time_t(seconds + Int64(offsetMinutes) * 60)
        var tm = tm()
        gmtime_r(&t, &tm)
        let off = abs(offsetMinutes)
        // Not String(format:): its CVarArg casts cost ~0.3 ms on first use in a static binary.
        return "\(days[Int(tm.tm_wday)]) \(months[Int(tm.tm_mon)]) \(tm.tm_mday) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) \(tm.tm_year + 1900) "
            + (offsetMinutes < 0 ? "-" : "+") + two(off / 60) + two(off % 60)
    }

    private static func two<N: BinaryInteger>(_ n: N) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// git's relative dates (`show_date_relative`): "5 minutes ago", "3 hours ago", "2 weeks ago".
public enum RelativeAge {
    public static func describe(seconds diff: Int64) -> String {
        let d = max(diff, 0)
        func ago(_ n: Int64, _ unit: String) -> String { "\(n) \(unit)\(n == 1 ? "" : "s") ago" }
        if d < 90 { return ago(d, "second") }
        let minutes = (d + 30) / 60
        if minutes < 90 { return ago(minutes, "minute") }
        let hours = (minutes + 30) / 60
        if hours < 36 { return ago(hours, "hour") }
        let days = (hours + 12) / 24
        if days < 14 { return ago(days, "day") }
        if days < 70 { return ago((days + 3) / 7, "week") }
        if days < 365 { return ago((days + 15) / 30, "month") }
        return ago((days + 183) / 365, "year")
    }
}
