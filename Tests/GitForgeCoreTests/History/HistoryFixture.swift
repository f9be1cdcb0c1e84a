import Foundation
import GitForgeTestSupport

/// A small history with what makes `git log`'s order and path limiting hard: a merge whose sides
/// both touch a file, commits with equal committer dates, a commit dated before its parent, a
/// rename, a directory, and a file changed on one side only. Ingested, GitHub-shaped.
///
///     root ─ a1 ─ a2 ───────── merge(#5) ─ skewed ─ rename ─ after ─ same1/same2 (equal dates)
///              └─ t1 ─ t2 ──┘
final class HistoryFixture {
    let repo: GitFixture
    var shas: [String: String] = [:]

    init() throws {
        repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try write("a.txt", "one\ntwo\nthree\n")
        try write("dir/x.txt", "x\n")
        shas["root"] = try commit("Initial import", date: 1_700_000_000)
        try write("a.txt", "one\ntwo\nthree\nfour\n")
        shas["a1"] = try commit("Add four (#1)", date: 1_700_000_100)
        try repo.git("branch", "topic")
        try write("b.txt", "b\n")
        shas["a2"] = try commit("Add b", date: 1_700_000_300)
        try repo.git("checkout", "-q", "topic")
        try write("a.txt", "zero\none\ntwo\nthree\nfour\n")
        shas["t1"] = try commit("Prepend zero", date: 1_700_000_200)
        try write("dir/x.txt", "x\ny\n")
        shas["t2"] = try commit("Grow x", date: 1_700_000_300)
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "topic", "-m", "Merge pull request #5 from dev/topic",
                     env: ["GIT_AUTHOR_DATE": "1700000400 +0000", "GIT_COMMITTER_DATE": "1700000400 +0000"])
        shas["merge"] = try repo.git("rev-parse", "HEAD")
        try write("b.txt", "b\nc\n")
        shas["skewed"] = try commit("Skewed clock, fixes #3", date: 1_699_000_000)
        try repo.git("mv", "a.txt", "moved.txt")
        shas["rename"] = try commit("Rename a to moved", date: 1_700_000_600)
        try write("moved.txt", "zero\none\ntwo\nthree\nfour\nfive\n")
        shas["after"] = try commit("Add five (#6)", date: 1_700_000_700)
        try write("dir/x.txt", "x\ny\nz\n")
        shas["same1"] = try commit("Same date one", date: 1_700_000_800)
        try write("b.txt", "b\nc\nd\n")
        shas["same2"] = try commit("Same date two", date: 1_700_000_800)
        let out = try repo.forge("ingest")
        guard out.status == 0 else { throw FixtureError.failed(out.stderr) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = repo.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        try repo.git("add", path)
    }

    private func commit(_ message: String, date: Int) throws -> String {
        try repo.commit(message, date: date)
    }

    /// The shas `git forge log --json` lists for `args`.
    func forgeLog(_ args: [String]) throws -> [String] {
        let out = try repo.run(GitForgeBinary.path, ["log", "--json"] + args)
        guard out.status == 0 else { throw FixtureError.failed("log \(args): \(out.stderr)") }
        let array = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []
        return array.map { ($0["commit"] as? [String: Any])?["sha"] as? String ?? "" }
    }

    /// The shas `git log` lists for `args`.
    func gitLog(_ args: [String]) throws -> [String] {
        let out = try repo.run("/usr/bin/git", ["log", "--format=%H"] + args)
        guard out.status == 0 else { throw FixtureError.failed("git log \(args): \(out.stderr)") }
        return out.stdout.split(separator: "\n").map(String.init)
    }
}
