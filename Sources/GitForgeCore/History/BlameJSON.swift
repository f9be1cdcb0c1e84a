/// `git forge blame --json` (docs/json.md): the hunks of `git blame --porcelain` in file order,
/// each with the pull request its commit came from as `show --json` writes it, or `null`.
struct BlameJSON: Encodable {
    struct Hunk: Encodable {
        var sha: String
        var start: Int
        var lines: Int
        var pullRequest: ShowJSON.Link?

        enum Keys: String, CodingKey { case sha, start, lines, pullRequest }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(sha, forKey: .sha)
            try c.encode(start, forKey: .start)
            try c.encode(lines, forKey: .lines)
            try c.encode(pullRequest, forKey: .pullRequest)  // null, never omitted
        }
    }

    var path: String
    var rev: String
    var hunks: [Hunk]

    init(_ result: BlameResult) {
        path = result.path
        rev = result.rev
        hunks = result.hunks.map { hunk in
            let pull = result.commits[hunk.sha].flatMap(BlameText.pullRequest)
            return Hunk(sha: hunk.sha, start: hunk.start, lines: hunk.lines,
                        pullRequest: pull.map { ShowJSON.Link($0, pull: true) })
        }
    }
}
