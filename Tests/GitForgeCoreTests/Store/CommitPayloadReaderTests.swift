import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

struct CommitPayloadReaderTests {
    @Test func reDerivationPassesOverAnUnreadablePayloadAndDerivesTheRest() throws {
        // Given two stored commits, one of whose payloads is in a format this build does not know
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r")
        let one = try repo.commit("one (#1)")
        try repo.commit("two (#2)")
        _ = try ingest(repo)
        let db = try DatabaseQueue(path: repo.path + "/.git/forge/forge.db")
        try db.write { db in
            try db.execute(sql: "UPDATE eventlog SET payload = x'ff00' WHERE source_id = ?", arguments: [StoredID.value(one)])
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
        // A payload cut short (its subject's length runs past the end) is not read either
        try store.writer.write {
            try $0.execute(sql: "UPDATE eventlog SET payload = substr(payload, 1, length(payload) - 12) WHERE source_id = ?",
                           arguments: [StoredID.value(sha)])
        }
        #expect(try store.readView { try $0.ingestedCommit(sha: sha) } == nil)
        try store.writer.write {
            try $0.execute(sql: "UPDATE eventlog SET payload = 'x' WHERE source_id = ?", arguments: [StoredID.value(sha)])
        }
        #expect(try store.readView { try $0.ingestedCommit(sha: sha) } == nil)
    }

    @Test func aPayloadRoundTripsWithOtherCommitterEncodingOffsetsAndParents() throws {
        // Given a merge whose committer is not its author, with an encoding and offsets either side of UTC
        let parents = ["0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98"]
        let payload = CommitPayload(
            sha: "", parents: parents,
            author: .init(name: "Jos\u{E9}", email: "j@example.com", date: "2024-05-01T12:34:56-03:30", time: 1_714_579_496),
            committer: .init(name: "C", email: "c@example.com", date: "2024-05-02T01:15:00+05:45", time: 1_714_591_800),
            encoding: "ISO-8859-1", subject: "Merge (#7)", body: "line\n\nmore \u{2713}")
        // When it is written and read back
        let bytes = try #require(CommitEvent.payload(payload))
        let read = try #require(CommitPayloadReader.payload(bytes, sha: "s", committerTime: payload.committer.time))
        // Then every field is as it was, and the dates are formatted from time and offset
        var expected = payload
        expected.sha = "s"
        #expect(read == expected)
        #expect(bytes[0] == CommitPayloadReader.version && bytes[2] == 2)
        // and nothing cut short before the body (the rest of the bytes) reads as a payload
        for cut in 0..<(bytes.count - payload.body.utf8.count) {
            #expect(CommitPayloadReader.payload(Array(bytes[..<cut]), sha: "s", committerTime: 0) == nil, "cut at \(cut)")
        }
    }

    @Test func ingestWritesTheBytesTheFieldWriterWritesAndSQLTellsMergesApart() throws {
        // Given a history with a merge, and a root its author committed
        let repo = try GitFixture()
        try repo.git("commit", "-q", "--allow-empty", "-m", "root",
                     env: ["GIT_COMMITTER_NAME": "Test Author", "GIT_COMMITTER_EMAIL": "author@example.com"])
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.commit("topic work")
        try repo.git("checkout", "-q", "main")
        try repo.commit("main work")
        try repo.git("merge", "-q", "--no-ff", "-m", "Merge topic (#3)", "topic")
        _ = try ingest(repo)
        let store = try openStore(repo)
        let rows = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT source_id, timestamp, payload, \(CommitPayloadReader.sql(.merge)), \(CommitPayloadReader.sql(.notMerge))
                FROM eventlog ORDER BY seq
                """)
        }
        #expect(rows.count == 4)
        var flagged = 0
        for row in rows {
            let bytes = Array(row[2] as Data)
            let payload = try #require(CommitPayloadReader.payload(bytes, sha: StoredID.hex(row, 0), committerTime: row[1]))
            // Then re-encoding the decoded fields gives the very bytes ingest wrote (what v9-compact relies on)
            #expect(CommitEvent.payload(payload) == bytes)
            let same = payload.author.name == payload.committer.name && payload.author.email == payload.committer.email
            #expect((bytes[1] & CommitPayloadReader.Flag.committerIsAuthor != 0) == same)
            if same { flagged += 1 }
            // and SQL's conditions agree with the parents
            #expect((row[3] as Bool) == (payload.parents.count > 1))
            #expect((row[4] as Bool) == (payload.parents.count <= 1))
        }
        #expect(flagged == 1)
    }
}
