import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

struct CommitPayloadReaderTests {
    @Test func reDerivationPassesOverAnUnreadablePayloadAndDerivesTheRest() throws {
        // Given two stored commits, one of whose payloads is no longer JSON
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r")
        let one = try repo.commit("one (#1)")
        try repo.commit("two (#2)")
        _ = try ingest(repo)
        let db = try DatabaseQueue(path: repo.path + "/.git/forge/forge.db")
        try db.write { db in
            try db.execute(sql: "UPDATE eventlog SET payload = '{not json' WHERE source_id = ?", arguments: [one])
            try db.execute(sql: "DROP TABLE forge_refs; DROP TABLE commit_refs")
        }
        try db.close()
        // When the derived tables are rebuilt from the eventlog
        #expect(try ingest(repo).newCommits == 0)
        // Then the readable commit's reference is back, and the unreadable one is skipped, not fatal
        #expect(try openStore(repo).backlog() == ["o/r any 2"])
    }

    @Test func showReadsTheStoredFieldsAndFallsBackToGitForAnUnreadablePayload() throws {
        let repo = try GitFixture()
        let sha = try repo.commit("subject line\nfolded\n\nbody text")
        _ = try ingest(repo)
        let store = try openStore(repo)
        let shown = try #require(try store.readView { try $0.ingestedCommit(sha: sha) })
        #expect(shown.sha == sha && shown.subject == "subject line folded" && shown.body == "body text")
        #expect(shown.parents.isEmpty && shown.ingested)
        try store.writer.write { try $0.execute(sql: "UPDATE eventlog SET payload = 'x' WHERE source_id = ?", arguments: [sha]) }
        #expect(try store.readView { try $0.ingestedCommit(sha: sha) } == nil)
    }
}
