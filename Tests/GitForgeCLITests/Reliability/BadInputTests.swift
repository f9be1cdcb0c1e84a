import Foundation
import Testing
import GitForgeTestSupport

/// Every bad input answers with one exact message and exit status, never a stack trace, never
/// exit 0, and never a word on stdout.
@Suite struct BadInputTests {
    @Test(arguments: BadInput.always)
    func refusedWithTheExactMessage(_ input: BadInput) throws {
        try check(input)
    }

    @Test(.enabled(if: Reliability.resolverBuiltIn, "the forge resolver reads these settings"),
          arguments: BadInput.resolver)
    func resolverSettingsAreRefusedBeforeAnyRequest(_ input: BadInput) throws {
        try check(input)
    }

    @Test func atLeastThirtyCases() {
        #expect(BadInput.always.count + BadInput.resolver.count >= 30)
        #expect(Set((BadInput.always + BadInput.resolver).map(\.name)).count == BadInput.always.count + BadInput.resolver.count)
    }

    private func check(_ input: BadInput) throws {
        let repo = try GitFixture(bare: input.place == .bareEmptyRepository)
        if input.place == .repository {
            try repo.commit("first #1")
            try repo.commit("second", file: "a.txt")
        }
        try input.setup(repo)
        var env = input.env
        var directory: URL?
        if input.place == .outside {
            directory = repo.home
            env["GIT_CEILING_DIRECTORIES"] = repo.scratch.path
        }
        let out = try repo.run(GitForgeBinary.path, input.args, env: env, directory: directory)
        #expect(out.stderr == input.stderr.replacingOccurrences(of: "$REPO", with: repo.path), "\(input.name)")
        #expect(out.status == input.status, "\(input.name)")
        #expect(out.stdout.isEmpty, "\(input.name): \(out.stdout)")
    }
}
