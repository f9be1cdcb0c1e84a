import Foundation
import GRDB
import GitForgeTestSupport
@testable import GitForgeCore

/// Ingests `fixture` the way `git forge ingest` does, from the repository at `path`.
func ingest(_ fixture: GitFixture, at path: String? = nil) throws -> Ingester.Result {
    let workspace = try Workspace(repository: Repository.open(at: path ?? fixture.path))
    return try workspace.ingest(into: workspace.openStore())
}

/// `commits` commits on `main` through fast-import, each naming its own number and the next:
/// "Change i (#i)", "See #(i+1)".
func importHistory(_ repo: GitFixture, commits: Int) throws {
    var stream = ""
    for i in 1...commits {
        let message = "Change \(i) (#\(i))\n\nSee #\(i + 1)\n"
        stream += "commit refs/heads/main\nmark :\(i)\ncommitter C <c@example.com> \(1_700_000_000 + i) +0000\n"
        stream += "data \(message.utf8.count)\n\(message)\n"
        if i > 1 { stream += "from :\(i - 1)\n" }
        stream += "\n"
    }
    try repo.git("fast-import", "--quiet", input: Data(stream.utf8))
}

func openStore(_ fixture: GitFixture, at path: String? = nil) throws -> ForgeStore {
    try Workspace(repository: Repository.open(at: path ?? fixture.path)).openStore()
}

extension ForgeStore {
    /// Commit payloads in eventlog order, for assertions.
    func payloads() throws -> [CommitPayload] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT source_id, timestamp, payload FROM eventlog WHERE type = 'git.commit' ORDER BY seq
                """)
        }.map { row in
            guard let payload = CommitPayloadReader.payload(Array(row[2] as Data), sha: StoredID.hex(row, 0),
                                                            committerTime: row[1]) else {
                throw StoreError.database("unreadable payload")
            }
            return payload
        }
    }

    func backlog() throws -> [String] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT repo, kind, number FROM forge_refs ORDER BY repo, kind, number")
                .map { "\($0["repo"] as String) \($0["kind"] as String) \($0["number"] as Int)" }
        }
    }
}
