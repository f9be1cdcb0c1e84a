import Testing
@testable import GitForgeCore

/// One row of the message table: a real-world-shaped commit message and the exact references
/// it must yield on one forge.
struct ReferenceParseCase: Sendable, CustomTestStringConvertible {
    let name: String
    let forge: ForgeType
    let message: String
    let expected: [Reference]

    init(_ name: String, _ forge: ForgeType, _ message: String, _ expected: [Reference]) {
        self.name = name
        self.forge = forge
        self.message = message
        self.expected = expected
    }

    var testDescription: String { "\(forge.rawValue): \(name)" }

    /// The repository each forge's rows are written from; rows mention it in other spellings
    /// to prove it collapses to `nil`.
    static func context(for forge: ForgeType) -> ReferenceContext {
        switch forge {
        case .github: ReferenceContext(forge: .github, host: "github.com", repo: "octo-org/octo-repo")
        case .gitlab: ReferenceContext(forge: .gitlab, host: "gitlab.com", repo: "group/sub/project")
        case .gitea: ReferenceContext(forge: .gitea, host: "gitea.example.com", repo: "owner/repo")
        case .forgejo: ReferenceContext(forge: .forgejo, host: "codeberg.org", repo: "forgejo/forgejo")
        }
    }

    static let all: [ReferenceParseCase] = gitHub + gitLab + giteaAndForgejo + falsePositives
}

/// Shorthands that keep the table readable; the relation is in the name, the kind defaults to
/// what that relation produces.
extension Reference {
    static func merged(_ number: Int, repo: String? = nil) -> Reference {
        Reference(repo: repo, kind: .pullRequest, number: number, relation: .mergedIn)
    }

    static func closing(_ number: Int, repo: String? = nil) -> Reference {
        Reference(repo: repo, kind: .issue, number: number, relation: .closes)
    }

    static func mention(_ number: Int, _ kind: ReferenceKind = .any, repo: String? = nil) -> Reference {
        Reference(repo: repo, kind: kind, number: number, relation: .mentions)
    }
}

@Suite("ReferenceParser message table")
struct ReferenceParserTests {
    @Test(arguments: ReferenceParseCase.all)
    func parsesMessage(_ row: ReferenceParseCase) {
        let parser = ReferenceParser(ReferenceParseCase.context(for: row.forge))
        #expect(parser.references(in: row.message) == row.expected)
    }

    /// Guards the table itself: the brief asks for at least 70 real-world-shaped messages and
    /// every forge must be exercised, including by the false-positive traps.
    @Test func tableCoversEveryForge() {
        #expect(ReferenceParseCase.all.count >= 70)
        for forge in ForgeType.allCases {
            #expect(ReferenceParseCase.all.filter { $0.forge == forge }.count >= 20, "\(forge)")
        }
        #expect(Set(ReferenceParseCase.all.map(\.testDescription)).count == ReferenceParseCase.all.count)
    }
}
