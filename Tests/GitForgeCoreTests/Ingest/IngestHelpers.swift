import Foundation
import GRDB
import GitForgeTestSupport
@testable import GitForgeCore

/// Ingests `fixture` the way `git forge ingest` does, from the repository at `path`.
func ingest(_ fixture: GitFixture, at path: String? = nil) throws -> Ingester.Result {
    let workspace = try Workspace(repository: Repository.open(at: path ?? fixture.path))
    return try workspace.ingest(into: workspace.openStore())
}

func openStore(_ fixture: GitFixture, at path: String? = nil) throws -> ForgeStore {
    try Workspace(repository: Repository.open(at: path ?? fixture.path)).openStore()
}

extension ForgeStore {
    /// Commit payloads in eventlog order, for assertions.
    func payloads() throws -> [CommitPayload] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT payload FROM eventlog WHERE type = 'git.commit' ORDER BY seq")
        }.map { try JSONDecoder().decode(CommitPayload.self, from: Data($0.utf8)) }
    }

    func backlog() throws -> [String] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT repo, kind, number FROM forge_refs ORDER BY repo, kind, number")
                .map { "\($0["repo"] as String) \($0["kind"] as String) \($0["number"] as Int)" }
        }
    }
}
