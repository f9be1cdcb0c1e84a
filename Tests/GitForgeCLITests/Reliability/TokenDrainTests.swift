import Foundation
import Testing
import GitForgeCore
import GitForgeTestSupport

/// The token of a real drain (a background resolver that needs it for every request, then a
/// foreground run the forge refuses) never lands anywhere but the Authorization header.
@Suite struct TokenDrainTests {
    static let token = "ghp_DRAINTOKEN0987654321reliabilityQRS"

    @Test func aBackgroundDrainWithATokenLeavesItNowhere() throws {
        // Given: a forge that answers only with the token (GitHub then goes through GraphQL).
        let drain = try ForgeDrain(count: 60, paceMs: 5, token: Self.token)
        let env = ["GH_TOKEN": Self.token]
        let needle = Data(Self.token.utf8)
        let watcher = Watcher()
        watcher.start()
        var outputs: [GitFixture.Output] = []
        var storeBytes: [String: Data] = [:]

        // When: a background drain, sampled while it writes; a foreground run refused with 401;
        // status in both forms.
        outputs.append(try drain.repo.forge("sync", env: env))
        let deadline = Date().addingTimeInterval(20)
        repeat {
            for name in ["forge.db", "forge.db-wal", "resolver.log"] {
                if let bytes = FileManager.default.contents(atPath: drain.repo.forgeDirectory + "/" + name) {
                    storeBytes["\(name) while running", default: Data()].append(bytes)
                }
            }
            usleep(20_000)
        } while !drain.repo.log.contains("resolver exiting") && Date() < deadline
        try drain.repo.settle()
        let answered = try drain.resolved()
        try drain.repo.commit("More #1 #2")
        drain.forge.inject(.status(401))
        outputs.append(try drain.repo.forge("sync", "--foreground", env: env))
        outputs.append(try drain.repo.forge("status", env: env))
        outputs.append(try drain.repo.forge("status", "--json", env: env))
        try drain.repo.settle()
        let processes = watcher.stop()

        // Then: the drain used the token (and resolved everything), the refusal is explained
        // without it, and it is in no argv, output, log, database or WAL byte.
        #expect(answered == Set(drain.numbers))
        #expect(drain.forge.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.token)" })
        #expect(outputs[1].status == 1)
        #expect(outputs[1].stderr.contains("error: GH_TOKEN was rejected (HTTP 401)"), "\(outputs[1].stderr)")
        #expect(!processes.isEmpty, "no git-forge process was observed")
        for (pid, argv) in processes {
            #expect(Data(argv).range(of: needle) == nil, "argv of \(pid)")
        }
        for out in outputs {
            #expect(!out.stdout.contains(Self.token) && !out.stderr.contains(Self.token))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: drain.repo.forgeDirectory) {
            storeBytes[name] = FileManager.default.contents(atPath: drain.repo.forgeDirectory + "/" + name) ?? Data()
        }
        #expect(storeBytes["forge.db while running"] != nil && storeBytes["resolver.log"] != nil)
        for (name, bytes) in storeBytes {
            #expect(bytes.range(of: needle) == nil, "the token is in \(name)")
        }
    }
}
