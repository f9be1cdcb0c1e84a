import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// What a user sees of the token rules, and what the detached resolver does with a token in memory.
@Suite struct TokenHostCLITests {
    static let token = "ghp_HOSTBOUND0123456789statusXYZ"

    @Test func statusSaysWhyNoTokenIsSentToAForeignAPIURL() throws {
        // Given: forge.apiUrl at a collector, a github.com token in the environment.
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        try repo.git("config", "forge.apiUrl", "https://collector.example")
        let env = ["GH_TOKEN": Self.token]

        // When
        let text = try repo.forge("status", env: env)
        let json = try repo.forge("status", "--json", env: env)

        // Then
        #expect(text.stdout.contains("API:      https://collector.example (token not sent: forge.apiUrl is not on github.com)"),
                "\(text.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let forge = try #require(object["forge"] as? [String: Any])
        #expect(forge["token"] as? Bool == false)
        #expect(forge["tokenNotSent"] as? String == "forge.apiUrl is not on github.com")
        try repo.git("config", "--unset", "forge.apiUrl")
        let home = try #require(try JSONSerialization.jsonObject(with: Data(try repo.forge("status", "--json", env: env).stdout.utf8))
            as? [String: Any])
        #expect((home["forge"] as? [String: Any])?["token"] as? Bool == true)
        #expect((home["forge"] as? [String: Any])?["tokenNotSent"] is NSNull)
    }

    @Test func aPasswordInTheRemoteURLIsNeverShownOrLogged() throws {
        // Given: remotes with user-info, one the forge can be read from and one it cannot.
        let repo = try GitFixture()
        let forge = try FakeForge(.github)
        forge.add(repo: "o/r", items: FakeForgeItem.generate(count: 3))
        try repo.git("remote", "add", "origin", "https://me:s3cretPass@github.com/o/r.git")
        try repo.git("config", "forge.apiUrl", "http://me:s3cretPass@" + forge.apiURL.dropFirst("http://".count))
        try repo.git("config", "forge.paceMs", "0")
        try repo.commit("Fix #1")
        var outputs = [try repo.forge("status"), try repo.forge("status", "--json"), try repo.forge("sync", "--foreground"),
                       try repo.forge("sync")]
        try repo.settle()
        try repo.git("remote", "set-url", "origin", "https://me:s3cretPass@git.corp.example/only")
        try repo.commit("Fix #2")

        // When
        outputs += [try repo.forge("status"), try repo.forge("status", "--json"), try repo.forge("sync", "--foreground"),
                    try repo.forge("sync")]
        try repo.settle()
        outputs.append(try repo.forge("sync", "--log"))

        // Then
        #expect(outputs[6].stderr.contains("cannot tell a forge repository from remote 'origin' URL 'https://git.corp.example/only'"),
                "\(outputs[6].stderr)")
        #expect(outputs[0].stdout.contains("API:      http://127.0.0.1:"), "\(outputs[0].stdout)")
        for out in outputs {
            #expect(!out.stdout.contains("s3cretPass") && !out.stderr.contains("s3cretPass"), "\(out.stdout)\(out.stderr)")
        }
        #expect(repo.log.contains("cannot tell a forge repository"), "\(repo.log)")
        for name in try FileManager.default.contentsOfDirectory(atPath: repo.forgeDirectory) {
            let bytes = FileManager.default.contents(atPath: repo.forgeDirectory + "/" + name) ?? Data()
            #expect(bytes.range(of: Data("s3cretPass".utf8)) == nil, "the password is in \(name)")
        }
    }

    @Test func aForegroundSyncCannotDumpCore() throws {
        // Given: `sync --foreground` with a token, held inside its first request by a slow forge.
        let (repo, forge) = try Self.repositoryWithAHeldForge()
        defer { forge.releaseHold() }

        // When
        let sync = Process()
        sync.executableURL = URL(fileURLWithPath: GitForgeBinary.path)
        sync.arguments = ["sync", "--foreground"]
        sync.currentDirectoryURL = repo.root
        sync.environment = repo.environment.merging(["GH_TOKEN": Self.token]) { $1 }
        sync.standardOutput = FileHandle.nullDevice
        sync.standardError = FileHandle.nullDevice
        try sync.run()
        defer { if sync.isRunning { kill(sync.processIdentifier, SIGKILL) }; sync.waitUntilExit() }
        let deadline = Date().addingTimeInterval(20)
        while forge.requests.isEmpty, sync.isRunning, Date() < deadline { usleep(20_000) }
        let limits = (try? String(contentsOfFile: "/proc/\(sync.processIdentifier)/limits", encoding: .utf8)) ?? ""
        var info = stat()
        let stated = stat("/proc/\(sync.processIdentifier)", &info) == 0 && sync.isRunning
        kill(sync.processIdentifier, SIGKILL)

        // Then: soft and hard core limits are 0, and the process is not dumpable (its /proc
        // entries then belong to root).
        #expect(!forge.requests.isEmpty, "the sync never reached the forge")
        #expect(Self.coreLimits(limits) == ["0", "0"], "\(limits)")
        #expect(stated)
        if getuid() != 0 { #expect(info.st_uid == 0, "a dumpable process's /proc entry is its user's") }
    }

    @Test func theDetachedResolverCannotDumpCore() throws {
        // Given: a resolver with a token, held inside its first request by a slow forge.
        let (repo, forge) = try Self.repositoryWithAHeldForge()
        defer { forge.releaseHold() }

        // When
        #expect(try repo.forge("sync", env: ["GH_TOKEN": Self.token]).status == 0)
        let location = StoreLocation(commonDirectory: repo.path + "/.git")
        let deadline = Date().addingTimeInterval(20)
        var record = ResolverLock.probe(location)
        while record == nil || forge.requests.isEmpty, Date() < deadline {
            usleep(20_000)
            record = ResolverLock.probe(location)
        }
        let pid = try #require(record?.pid)
        let limits = (try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)) ?? ""
        // (held in a request, it would finish that first: it is not the point here)
        kill(pid, SIGKILL)
        try repo.settle()

        // Then: soft and hard core limits are 0.
        #expect(Self.coreLimits(limits) == ["0", "0"], "\(limits)")
    }

    /// A repository with one commit naming #1, pointed at a fake GitHub that holds every request
    /// unanswered until `releaseHold()`.
    static func repositoryWithAHeldForge() throws -> (GitFixture, FakeForge) {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r.git")
        let forge = try FakeForge(.github)
        forge.add(repo: "o/r", items: FakeForgeItem.generate(count: 3))
        forge.hold(after: 0)
        try repo.git("config", "forge.apiUrl", forge.apiURL)
        try repo.git("config", "forge.paceMs", "0")
        try repo.commit("Fix #1")
        return (repo, forge)
    }

    /// The soft and hard core-file limits of a `/proc/<pid>/limits` text.
    static func coreLimits(_ limits: String) -> [Substring] {
        let line = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        return Array((line.map { $0.dropFirst("Max core file size".count).split(separator: " ") } ?? []).prefix(2))
    }
}
