import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// The recorder skips the upsert for a backlog row it wrote earlier in the same transaction; the
/// rows must be the ones the upsert alone would have made.
struct ReferenceRecorderTests {
    private let context = ReferenceContext(forge: .github, host: "github.com", repo: "o/r")

    private func reference(_ number: Int) -> Reference {
        Reference(repo: nil, kind: .any, number: number, relation: .mentions)
    }

    /// A commit id whose hex ends in `name` (the rows show it without the leading zeros).
    private func sha(_ name: String) -> ObjectID {
        ObjectID(hex: String(repeating: "0", count: 40 - name.count) + name)!
    }

    private func rows(_ store: ForgeStore) throws -> [String] {
        try store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT number, ltrim(lower(hex(first_sha)), '0'), mentioned_at FROM forge_refs ORDER BY number")
                .map { "\($0[0] as Int) \($0[1] as String) \($0[2] as Int64)" }
        }
    }

    @Test func laterMentionsKeepTheFirstShaAndTheNewestTime() throws {
        // Given mentions in walk order (newest first), one out of order (clock skew)
        let store = try ForgeStore.inMemory()
        let created = try store.write { db in
            let recorder = try ReferenceRecorder(db, context: context)
            let created = try [
                recorder.record(sha: sha("c3"), time: 300, references: [reference(1), reference(2)]),
                recorder.record(sha: sha("c2"), time: 200, references: [reference(1)]),
                recorder.record(sha: sha("c9"), time: 900, references: [reference(2)]),
                recorder.record(sha: sha("c1"), time: 100, references: [reference(1), reference(2)]),
            ]
            try recorder.finish()
            return created
        }
        // Then each row is created once, by its first mention, and carries its newest time
        #expect(created == [2, 0, 0, 0])
        #expect(try rows(store) == ["1 c3 300", "2 c3 900"])
        let links = try store.writer.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM commit_refs")
        }
        #expect(links == 6)
    }

    @Test func rowsFromAnEarlierTransactionAreUpdatedNotDuplicated() throws {
        // Given a row written by an earlier ingest
        let store = try ForgeStore.inMemory()
        try store.write { db in
            let recorder = try ReferenceRecorder(db, context: context)
            try recorder.record(sha: sha("a1"), time: 100, references: [reference(7)])
            try recorder.finish()
        }
        // When a newer commit and then an older one mention it in a later ingest
        let created = try store.write { db in
            let recorder = try ReferenceRecorder(db, context: context)
            let created = try recorder.record(sha: sha("b2"), time: 500, references: [reference(7)])
                + recorder.record(sha: sha("a0"), time: 50, references: [reference(7)])
            try recorder.finish()
            return created
        }
        // Then nothing is created and the time moves forward only
        #expect(created == 0)
        #expect(try rows(store) == ["7 a1 500"])
    }

    @Test func aRecorderThatForgetsRowsWritesTheSameRowsAsOneThatRemembersThemAll() throws {
        // Given one sequence of mentions (newest first, one skewed clock), recorded by a
        // number twice), recorded by a recorder remembering every row and by one remembering one
        let mentions: [(sha: String, time: Int64, numbers: [Int])] = [
            ("c5", 500, [1, 2]), ("c4", 400, [3]), ("c3", 300, [2, 4]),
            ("c9", 900, [4, 1]), ("c1", 100, [5, 1, 3]),
        ]
        func run(limit: Int) throws -> (created: [Int], rows: [String], links: Int) {
            let store = try ForgeStore.inMemory()
            let created = try store.write { db in
                let recorder = try ReferenceRecorder(db, context: context, rememberedLimit: limit)
                let created = try mentions.map { try recorder.record(sha: sha($0.sha), time: $0.time, references: $0.numbers.map(reference)) }
                try recorder.finish()
                return created
            }
            let links = try store.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM commit_refs") ?? 0 }
            return (created, try rows(store), links)
        }
        // Then the forgetting one looks up what it forgot: no row twice (a second insert would
        // fail on the unique key), the same creators and newest times
        let all = try run(limit: 1_000)
        let forgetful = try run(limit: 1)
        #expect(all.rows == ["1 c5 900", "2 c5 500", "3 c4 400", "4 c3 900", "5 c1 100"])
        #expect(all.created == [2, 1, 1, 0, 1])
        #expect(forgetful.rows == all.rows)
        #expect(forgetful.created == all.created)
        #expect(forgetful.links == all.links)
    }

    @Test func anEmptyRepositoryNameIsStoredAsEmptyNotNull() throws {
        let store = try ForgeStore.inMemory()
        let noRepo = ReferenceContext(forge: .github, host: nil, repo: nil)
        let created = try store.write { db in
            let recorder = try ReferenceRecorder(db, context: noRepo)
            let created = try recorder.record(sha: sha("a"), time: 1, references: [reference(3)])
            try recorder.finish()
            return created
        }
        #expect(created == 1)
        let repo = try store.writer.read { db in try String.fetchOne(db, sql: "SELECT repo FROM forge_refs") }
        #expect(repo == "")
    }

    /// A first fill's backlog planned on the parser thread (`BacklogPlan`) and inserted by the
    /// recorder: the same rows, ids, first commits, newest times, links and counts as recording.
    @Test func aPlannedBacklogIsTheRecordedOne() throws {
        // Given mentions newest first, with a number repeated in one commit, clocks skewed within
        // a batch and across batches, another repository, and a closing keyword
        let other = Reference(repo: "X/Y", kind: .any, number: 1, relation: .mentions)
        let mentions: [(sha: String, time: Int64, refs: [Reference])] = [
            ("c7", 700, [reference(1), reference(2), reference(1)]),
            ("c6", 600, [reference(3), other]),
            ("c5", 950, [reference(2)]),
            ("c4", 400, [Reference(repo: nil, kind: .any, number: 4, relation: .closes), reference(3)]),
            ("c3", 300, []),
            ("c2", 990, [reference(4), reference(1), other]),
            ("c1", 100, [reference(5)]),
        ]
        func table(_ store: ForgeStore) throws -> [String] {
            try store.writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, repo, kind, number, status, hex(first_sha), mentioned_at FROM forge_refs ORDER BY id
                    """).map(\.description)
                    + Row.fetchAll(db, sql: "SELECT hex(sha), ref_id, relation, kind FROM commit_refs ORDER BY 1, 2").map(\.description)
            }
        }
        let recorded = try ForgeStore.inMemory()
        let recordedCount = try recorded.write { db in
            let recorder = try ReferenceRecorder(db, context: context)
            let created = try mentions.map { try recorder.record(sha: sha($0.sha), time: $0.time, references: $0.refs) }
            try recorder.finish()
            return created.reduce(0, +)
        }
        // When the same mentions are planned two commits to a batch, links sorted three at a time
        let planned = try ForgeStore.inMemory()
        let plannedCount = try planned.write { db in
            let recorder = try ReferenceRecorder(db, context: context)
            var plan = BacklogPlan(context: context, linkRun: 3)
            var created = 0
            for start in stride(from: 0, to: mentions.count, by: 2) {
                for m in mentions[start..<min(start + 2, mentions.count)] {
                    plan.record(sha: sha(m.sha), time: m.time, references: m.refs)
                }
                let batch = plan.take(last: false)
                #expect(batch.links == batch.links.sorted())
                created += batch.created
                try recorder.insert(batch)
            }
            try recorder.insert(plan.take(last: true))
            try recorder.finish()
            return created
        }
        // Then the store holds the same rows and links, and the same number was created
        #expect(try table(planned) == table(recorded))
        #expect(plannedCount == recordedCount)
        #expect(try table(recorded).count == 6 + 11, "6 backlog rows, 11 distinct links")
    }
}
