import Foundation
import GRDB
import GitForgeTestSupport
@testable import GitForgeCore

/// A GitHub-shaped repository for `show`, ingested by the real binary, with resolved data put into
/// the store the way the resolver would leave it:
///
///     base ── fix (#12, Fixes #7, #9, #11) ── merge #20 ── refactor (forge: #30) ── harden (#40)
///        └── cache-1 ── cache-2 ──────────┘
final class ShowFixture {
    let repo: GitFixture
    let fix: String, cache1: String, cache2: String, merge: String, refactor: String, harden: String
    /// When the fixture was made; ages in the output are measured against the real clock.
    let now = Int64(Date().timeIntervalSince1970)

    static let evilTitle = "Evil \u{1B}]0;pwned\u{07}title \u{1B}[2J clear \u{1B}]8;;https://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\ "
        + "\u{1B}]52;c;ZXZpbA==\u{07}clip \u{9B}31m csi\u{08}\u{08}\r end"

    init() throws {
        repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.commit("Initial import")
        try repo.git("branch", "cache")
        fix = try repo.commit("Fix the parser (#12)\n\nFixes #7. See #9 and #11.\n")
        try repo.git("checkout", "-q", "cache")
        cache1 = try repo.commit("Add a cache layer")
        cache2 = try repo.commit("Tune the cache size")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "cache", "-m", "Merge pull request #20 from dev/cache",
                     env: ["GIT_AUTHOR_DATE": "1700001000 +0000", "GIT_COMMITTER_DATE": "1700001000 +0000"])
        merge = try repo.git("rev-parse", "HEAD")
        refactor = try repo.commit("Refactor the store", date: 1_700_002_000)
        harden = try repo.commit("Harden input handling, see #40", date: 1_700_003_000)
        let out = try repo.forge("ingest")
        guard out.status == 0 else { throw FixtureError.failed(out.stderr) }
        try simulateResolver()
    }

    private func simulateResolver() throws {
        let store = try Workspace(repository: Repository.open(at: repo.path)).openStore()
        try store.writer.write { db in
            // What the real reference parser says (the stub it replaces reads every `#N` as a mention).
            try db.execute(sql: """
                UPDATE commit_refs SET relation = 'mergedIn'
                WHERE ref_id IN (SELECT id FROM forge_refs WHERE number IN (12, 20)) AND sha IN (?, ?);
                UPDATE commit_refs SET relation = 'closes' WHERE ref_id = (SELECT id FROM forge_refs WHERE number = 7);
                UPDATE forge_refs SET status = 'resolved' WHERE number IN (7, 12, 20, 40);
                UPDATE forge_refs SET status = 'notFound', last_error = 'no such pull request or issue' WHERE number = 11;
                """, arguments: [StoredID.value(fix), StoredID.value(merge)])
            try item(db, "pull", 12, "Fix the parser", state: "merged", author: "alice", labels: ["bug", "parser"],
                     mergedAt: "2023-11-15T10:00:00Z", age: 86_400)
            try item(db, "issue", 7, "Parser crashes on empty input", state: "closed", author: "bob", labels: ["bug"])
            try item(db, "pull", 20, "Add a cache", state: "merged", author: "carol", mergedAt: "2023-11-16T09:30:00Z")
            try item(db, "pull", 30, "Refactor the store", state: "open", draft: true, author: "dave",
                     labels: ["refactor"], age: 3 * 3600)
            try item(db, "issue", 40, Self.evilTitle, state: "open", author: "mallory\u{1B}[8m",
                     labels: ["\u{1B}[31mred"], age: 3 * 3600)
            // The resolver's forge association for a commit that names no pull request.
            try db.execute(sql: "INSERT INTO commit_pulls(sha, repo, number, via) VALUES (?, 'o/r', 30, 'forge')",
                           arguments: [StoredID.value(refactor)])
        }
    }

    private func item(_ db: Database, _ kind: String, _ number: Int, _ title: String, state: String,
                      draft: Bool = false, author: String, labels: [String] = [], mergedAt: String? = nil,
                      age: Int64 = 7200) throws {
        let path = kind == "pull" ? "pull" : "issues"
        let labelsJSON = String(decoding: try JSONEncoder().encode(labels), as: UTF8.self)
        try db.execute(sql: """
            INSERT INTO forge_items(host, repo, kind, number, title, state, draft, author, labels, url, merged_at, fetched_at)
            VALUES ('github.com', 'o/r', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [kind, number, title, state, draft, author, labelsJSON,
                             "https://github.com/o/r/\(path)/\(number)", mergedAt, now - age])
    }

    /// `git show --no-patch`'s header for `rev`, which `git forge show` must reproduce.
    func gitShowHeader(_ rev: String) throws -> String {
        try repo.git("show", "--no-patch", "--no-color", "--decorate=no", rev) + "\n"
    }

    /// `git forge show` run in this process with a `TestContext` (no terminal, nothing in the
    /// environment): `--json`, `--color=<when>` and a revision, as the command line gives them.
    func show(_ args: String..., env: [String: String] = [:]) throws -> GitFixture.Output {
        try show(arguments: args, env: env)
    }

    func show(arguments args: [String], env: [String: String] = [:]) throws -> GitFixture.Output {
        var rev = "HEAD", json = false, color: ColorWhen?
        for arg in args {
            if arg == "--json" { json = true } else if arg.hasPrefix("--color=") {
                color = ColorWhen(rawValue: String(arg.dropFirst("--color=".count)))
            } else { rev = arg }
        }
        return try TestContext(repo, environment: env).run {
            try ShowCommand.run($0, rev: rev, json: json, color: color, noPager: false)
        }
    }

    /// The same through the real binary.
    func showProcess(_ args: [String], env: [String: String] = [:]) throws -> GitFixture.Output {
        try repo.run(GitForgeBinary.path, ["show"] + args, env: env)
    }
}
