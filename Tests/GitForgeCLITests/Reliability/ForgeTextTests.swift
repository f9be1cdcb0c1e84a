import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// Forge text (a GraphQL error message, an item title) never reaches a terminal raw, and
/// `--json` escapes what could act on one (issue 11, "Every printed forge string is neutralised").
@Suite struct ForgeTextTests {
    static let token = "ghp_FORGETEXT0123456789neutraliseABC"
    /// An OSC 52 clipboard write, a CSI in its C1 form, a right-to-left override, a C1 NEL, DEL.
    static let hostile = "boom \u{1B}]52;c;cHduZWQ=\u{07} \u{9B}31mred \u{202E}gnp.exe\u{202C} \u{85}end\u{7F}"

    /// Any character that acts on a terminal or reorders text: C0 but newline, DEL, C1, bidi.
    static func raw(_ text: String) -> [String] {
        text.unicodeScalars.filter { s in
            let v = s.value
            return (v < 0x20 && v != 0x0A) || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
                || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F
        }.map { String(format: "U+%04X", $0.value) }
    }

    private func repository(items: [FakeForgeItem] = FakeForgeItem.generate(count: 5)) throws -> (GitFixture, FakeForge) {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try FakeForge(.github)
        forge.add(repo: "o/r", items: items)
        try repo.git("config", "forge.apiUrl", forge.apiURL)
        try repo.git("config", "forge.paceMs", "0")
        try repo.commit("Fix #1")
        return (repo, forge)
    }

    @Test func aForgeErrorMessageIsNeutralisedWhereverItIsPrinted() throws {
        // Given: a forge whose GraphQL answer is an error message full of escapes.
        let (repo, forge) = try repository()
        let env = ["GH_TOKEN": Self.token]

        // When: a foreground run and then a background one meet it; status and the log show it.
        forge.inject(.graphQLError(message: Self.hostile))
        let foreground = try repo.forge("sync", "--foreground", env: env)
        let status = try repo.forge("status", env: env)
        let json = try repo.forge("status", "--json", env: env)
        try repo.commit("Fix #2")
        forge.inject(.graphQLError(message: Self.hostile))
        #expect(try repo.forge("sync", env: env).status == 0)
        try repo.settle()
        let logFile = repo.log
        // (a line an earlier version wrote raw)
        let handle = try #require(FileHandle(forWritingAtPath: repo.logPath))
        handle.seekToEndOfFile()
        handle.write(Data("2026-01-01T00:00:00Z [1] run 0 failed; error: \(Self.hostile)\n".utf8))
        try handle.close()
        let log = try repo.forge("sync", "--log")

        // Then: every one says what the forge said, in cat -v form, with nothing raw.
        #expect(foreground.status == 1)
        #expect(foreground.stderr.contains("error: GitHub GraphQL rejected the query: boom ^[]52;c;cHduZWQ=^G M-^[31mred <U+202E>gnp.exe<U+202C> M-^Eend^?"),
                "\(foreground.stderr)")
        #expect(status.stdout.contains("^[]52;c;cHduZWQ=^G"), "\(status.stdout)")
        // (three runs' lines: sync --foreground's, the background resolver's, the old raw one)
        #expect(log.stdout.components(separatedBy: "^[]52;c;cHduZWQ=^G").count == 4, "\(log.stdout)")
        #expect(!logFile.contains("\u{1B}") && logFile.contains("^[]52;c;cHduZWQ=^G"), "the log file holds it raw: \(logFile)")
        for (name, text) in [("sync --foreground", foreground.stderr), ("status", status.stdout), ("status --json", json.stdout),
                             ("sync --log", log.stdout)] {
            #expect(Self.raw(text).isEmpty, "\(name) prints \(Self.raw(text))")
        }
        // --json escapes them, and still says exactly what the forge said.
        let lowered = json.stdout.lowercased()
        for escape in ["\\u001b]52", "\\u009b31m", "\\u202egnp", "\\u202c", "\\u0085end", "\\u007f"] {
            #expect(lowered.contains(escape), "\(escape) in \(json.stdout)")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let lastRun = try #require(object["lastRun"] as? [String: Any])
        #expect((lastRun["error"] as? String)?.hasSuffix(Self.hostile) == true)
    }

    @Test func anItemTitleIsNeutralisedInShowAndEscapedInItsJSON() throws {
        // Given: pull request 1's title holds the same escapes.
        var items = FakeForgeItem.generate(count: 5)
        items[0] = FakeForgeItem(number: 1, isPull: true, state: .merged, title: Self.hostile)
        let (repo, forge) = try repository(items: items)
        defer { withExtendedLifetime(forge) {} }
        #expect(try repo.forge("sync", "--foreground").status == 0)

        // When
        let show = try repo.forge("show", "--no-pager")
        let json = try repo.forge("show", "--json")

        // Then
        #expect(show.stdout.contains("boom ^[]52;c;cHduZWQ=^G"), "\(show.stdout)")
        #expect(Self.raw(show.stdout).isEmpty && Self.raw(json.stdout).isEmpty, "\(Self.raw(show.stdout)) \(Self.raw(json.stdout))")
        #expect(json.stdout.lowercased().contains("\\u202egnp.exe\\u202c \\u0085end\\u007f"), "\(json.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let pulls = try #require(object["pullRequests"] as? [[String: Any]])
        #expect(pulls.first?["title"] as? String == Self.hostile)
    }
}
