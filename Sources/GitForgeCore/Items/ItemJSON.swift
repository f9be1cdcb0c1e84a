/// `git forge pr --json` and `issue --json`: the item's keys as `show --json` writes a link (built
/// by `ShowJSON.Link`, with `relation` and `via` null), its `body`, its `commits`, and the issues a
/// pull request closes (`closes`) or the pull requests an issue's commits came from (`pullRequests`).
struct ItemJSON: Encodable {
    let view: ItemView
    let pull: Bool

    private enum Keys: String, CodingKey { case body, commits, closes, pullRequests }

    func encode(to encoder: any Encoder) throws {
        // The item's own keys and the ones below share one object.
        try ShowJSON.Link(view.link, pull: pull, standalone: true).encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(view.body, forKey: .body)
        try c.encode(view.commits.map { Commit(commit: $0, pull: pull) }, forKey: .commits)
        if pull {
            try c.encode(view.closes.map { ShowJSON.Link($0, pull: false) }, forKey: .closes)
        } else {
            try c.encode(view.pullRequests.map { ShowJSON.Link($0, pull: true) }, forKey: .pullRequests)
        }
    }

    /// `{"sha", "subject", "relation", "via"}`; an issue's commits add `pullRequest` (a number or null).
    struct Commit: Encodable {
        let commit: ItemCommit
        let pull: Bool

        private enum Keys: String, CodingKey { case sha, subject, relation, via, pullRequest }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(commit.sha, forKey: .sha)
            try c.encode(commit.subject, forKey: .subject)
            try c.encode(commit.relation.rawValue, forKey: .relation)
            try c.encode(commit.via?.rawValue, forKey: .via)
            if !pull { try c.encode(commit.pullRequest, forKey: .pullRequest) }
        }
    }
}

/// `git forge prs --json`: `{"pullRequests": [{…item…, "commits": [sha…], "closes": [issue…]}],
/// "commits": [sha of commits with no pull request…]}`.
struct ReleaseNotesJSON: Encodable {
    let notes: ReleaseNotes

    private enum Keys: String, CodingKey { case pullRequests, commits }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(notes.pullRequests.map(Entry.init), forKey: .pullRequests)
        try c.encode(notes.commits.map(\.sha), forKey: .commits)
    }

    struct Entry: Encodable {
        let entry: ReleaseNotes.Entry

        private enum Keys: String, CodingKey { case commits, closes }

        func encode(to encoder: any Encoder) throws {
            try ShowJSON.Link(entry.pullRequest, pull: true, standalone: true).encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(entry.commits, forKey: .commits)
            try c.encode(entry.closes.map { ShowJSON.Link($0, pull: false) }, forKey: .closes)
        }
    }
}
