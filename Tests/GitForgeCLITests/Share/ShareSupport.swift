import Foundation
import GitForgeCore
import GitForgeTestSupport

/// A team around one bare remote (a local path: it names no forge, so `forge.type`, `forge.repo`
/// and `forge.apiUrl` say which) and the loopback fake forge.
final class ShareTeam {
    static let token = "ghp_ShareTestToken0123456789abcdef"
    let forge: FakeForge
    let remote: GitFixture

    init(items: Int = 40, flavor: FakeForge.Flavor = .github) throws {
        forge = try FakeForge(flavor, token: Self.token)
        forge.add(repo: "o/r", items: FakeForgeItem.generate(count: items, missingEvery: 10))
        forge.add(repo: "o/lib", items: FakeForgeItem.generate(count: 5, missingEvery: 0))
        remote = try GitFixture(bare: true)
    }

    /// Points `clone` at the remote and the fake forge.
    func configure(_ clone: GitFixture) throws {
        try clone.git("config", "forge.type", forge.flavor.rawValue)
        try clone.git("config", "forge.repo", "o/r")
        try clone.git("config", "forge.apiUrl", forge.apiURL)
        try clone.git("config", "forge.paceMs", "0")
    }

    /// A first clone with history, pushed to the remote.
    func founder(messages: [String]) throws -> GitFixture {
        let clone = try GitFixture()
        for message in messages { try clone.commit(message) }
        try clone.git("remote", "add", "origin", remote.path)
        try clone.git("push", "-q", "origin", "main")
        try remote.git("symbolic-ref", "HEAD", "refs/heads/main")
        try configure(clone)
        return clone
    }

    /// Tells the forge about every commit of `clone` (as a forge knows pushed commits): in no
    /// pull request unless `pulls` says.
    func knowCommits(of clone: GitFixture, pulls: [String: [Int]] = [:]) throws {
        for sha in try clone.git("rev-list", "--all").split(separator: "\n").map(String.init) {
            forge.associate(sha: sha, pulls: pulls[sha] ?? [])
        }
    }

    /// A fresh `git clone` of the remote, configured.
    func newClone() throws -> GitFixture {
        let clone = try GitFixture()
        try FileManager.default.removeItem(at: clone.root)
        _ = try clone.run("/usr/bin/git", ["clone", "-q", remote.path, clone.path],
                          directory: clone.root.deletingLastPathComponent())
        try clone.git("config", "user.name", "Test Author")
        try clone.git("config", "user.email", "author@example.com")
        try configure(clone)
        return clone
    }
}

extension GitFixture {
    /// The remote names no forge, so the API host (127.0.0.1) is the forge's host and counts as
    /// GitHub Enterprise; the token for every flavor, each reading its own, bound to that host as
    /// a user of a self-hosted forge binds it.
    var env: [String: String] {
        ["GH_ENTERPRISE_TOKEN": ShareTeam.token, "GITLAB_TOKEN": ShareTeam.token, "GITEA_TOKEN": ShareTeam.token,
         "GH_HOST": "127.0.0.1", "GITLAB_HOST": "127.0.0.1", "GITEA_HOST": "127.0.0.1"]
    }

    /// Waits until no resolver holds this clone's lock.
    func waitForIdleResolver(timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        usleep(200_000)
        while ResolverLock.probe(StoreLocation(commonDirectory: path + "/.git"))?.isAlive == true {
            if Date() > deadline { throw FixtureError.failed("resolver still running after \(timeout) s") }
            usleep(50_000)
        }
    }

    /// `show --json` without the fetch times, which say when each clone's copy was fetched.
    func showJSON(_ rev: String) throws -> String {
        let out = try forge("show", "--json", rev)
        guard out.status == 0 else { throw FixtureError.failed("show \(rev): \(out.stderr)") }
        return out.stdout.split(separator: "\n").filter { !$0.contains("\"fetchedAt\"") }.joined(separator: "\n")
    }

    /// The numbers of the records in a shared ref, by type.
    func sharedNumbers(_ ref: String, type: String) throws -> Set<Int> {
        var numbers = Set<Int>()
        for line in try git("ls-tree", "-r", ref).split(separator: "\n") {
            let blob = String(line.split(separator: " ")[2].prefix(40))
            let text = try git("cat-file", "-p", blob)
            guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  json["type"] as? String == type, let n = json["number"] as? Int else { continue }
            numbers.insert(n)
        }
        return numbers
    }
}
