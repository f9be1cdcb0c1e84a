import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `v9-compact`: a store as v8 left it (hex text ids, JSON payloads) is converted in place and
/// answers every reader as a store filled by this build does.
struct CompactMigrationTests {
    private let context = ReferenceContext(forge: .github, host: "github.com", repo: "o/r")

    /// A history with a merged pull request, references, and a resolved cache of every kind.
    private func filledStore() throws -> (GitFixture, [String]) {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r")
        let root = try repo.commit("Start (#1)\n\nFixes #2")
        try repo.git("checkout", "-q", "-b", "topic")
        let work = try repo.commit("topic work")
        try repo.git("checkout", "-q", "main")
        let other = try repo.commit("main work, see #3")
        try repo.git("merge", "-q", "--no-ff", "-m", "Merge pull request #5 from o/topic", "topic")
        let merge = try repo.git("rev-parse", "HEAD")
        _ = try ingest(repo)
        let store = try openStore(repo)
        let now = Int64(Date().timeIntervalSince1970)
        try store.writer.write { db in
            for (kind, number, state) in [("pull", 5, "merged"), ("issue", 2, "closed"), ("pull", 9, "open")] {
                try db.execute(sql: """
                    INSERT INTO forge_items(host, repo, kind, number, title, state, url, fetched_at, merged_at)
                    VALUES ('github.com', 'o/r', ?, ?, ?, ?, 'https://github.com/o/r/pull/1', ?, '2024-01-02T00:00:00Z')
                    """, arguments: [kind, number, "Item \(number)", state, now])
            }
            try db.execute(sql: """
                UPDATE forge_refs SET status = 'resolved', resolved_at = ?, attempts = 1 WHERE number IN (2, 5);
                UPDATE forge_refs SET status = 'notFound', resolved_at = ?, last_error = 'gone' WHERE number = 3;
                INSERT INTO forge_refs(repo, kind, number, first_sha, mentioned_at, status) VALUES ('o/r', 'any', 99, x'', 0, 'resolved');
                INSERT INTO meta(key, value) VALUES ('shared.records', '7');
                INSERT INTO forge_missing(host, repo, kind, number, fetched_at) VALUES ('github.com', 'o/r', 'any', 4, 1);
                INSERT INTO forge_shared_items(host, repo, kind, number) VALUES ('github.com', 'o/r', 'pull', 9);
                """, arguments: [now, now])
            try ForgeStore.saveForgePull(db, sha: other, repo: "o/r", number: 9, pullKind: .any, queue: true, fallbackTime: 0)
            try db.execute(sql: "INSERT INTO forge_commit_checks(sha, status, checked_at) VALUES (?, 'found', ?), (?, 'none', ?)",
                           arguments: [StoredID.value(other), now, StoredID.value(root), now])
        }
        try store.writer.close()
        return (repo, [root, work, other, merge])
    }

    /// What the readers say: `show`'s commit and links (point and whole-table), `pr`, the
    /// shared cache's records and notes, association candidates, and the resolved rows.
    private func answers(_ store: ForgeStore, _ shas: [String]) throws -> [String] {
        var out: [String] = []
        try store.readView { view in
            let point = try view.pointLinks(repo: "o/r")
            let table = try view.tableLinks(pullKind: .any, host: "github.com", repo: "o/r")
            for sha in shas {
                out.append("show \(String(describing: try view.ingestedCommit(sha: sha)))")
                out.append("check \(String(describing: try view.pullRequestCheck(sha: sha)))")
                for links in [point, table] as [any LinkRows] {
                    out.append("links \(try links.isIngested(sha)) \(try links.messageRefs(sha)) \(try links.pulls(sha, pullKind: .any))")
                }
            }
        }
        for number in [5, 9] {
            let view = try store.itemView(number, asked: .pull, context: context, host: "github.com", resolverRunning: false)
            out.append("pr \(number) \(view.commits) \(view.closes.map(\.number))")
        }
        out.append("issue 2 \(try store.itemView(2, asked: .issue, context: context, host: "github.com", resolverRunning: false).commits)")
        out += try store.sharedRecords(host: "github.com", repo: "o/r").map { "\($0)" }.sorted()
        out += try store.pullRequestNotes(host: "github.com", repo: "o/r", type: .github).map { "note \($0.sha) \($0.text)" }
        out.append("candidates \(try store.associationCandidates(window: nil, now: Date()))")
        out += try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, repo, kind, number, status, lower(hex(first_sha)), mentioned_at, attempts, last_error, resolved_at
                FROM forge_refs ORDER BY id
                """).map { "\($0)" }
                + Row.fetchAll(db, sql: "SELECT * FROM meta ORDER BY key").map { "\($0)" }
                + Row.fetchAll(db, sql: "SELECT seq, type, lower(hex(source_id)), timestamp, recorded_at FROM eventlog ORDER BY seq")
                .map { "\($0)" }
        }
        return out
    }

    /// The store at `repo`, rewritten as v8 kept it: hex ids and JSON payloads, plus one payload
    /// that is not JSON at all.
    private func downgrade(_ repo: GitFixture) throws -> String {
        let path = repo.path + "/.git/forge/forge.db"
        let old = repo.path + "/.git/forge/v8.db"
        let queue = try DatabaseQueue(path: old)
        try Migrations.migrator.migrate(queue, upTo: "v8-derived-checks")
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS cur", arguments: [path])
            try db.inTransaction {
                let events = try Row.fetchAll(db, sql: "SELECT seq, type, source_id, timestamp, recorded_at, payload FROM cur.eventlog")
                for row in events {
                    let sha = StoredID.hex(row, 2)
                    let payload = try #require(CommitPayloadReader.payload(Array(row[5] as Data), sha: sha, committerTime: row[3]))
                    let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
                    try db.execute(sql: "INSERT INTO eventlog VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [row[0], row[1], sha, row[3], row[4], json])
                }
                try db.execute(sql: """
                    INSERT INTO eventlog(type, source_id, timestamp, recorded_at, payload)
                        VALUES ('git.commit', '\(String(repeating: "ab", count: 20))', 5, 5, '{broken');
                    INSERT INTO forge_refs SELECT id, repo, kind, number, status, lower(hex(first_sha)), mentioned_at, attempts,
                        next_attempt_at, last_error, resolved_at FROM cur.forge_refs;
                    INSERT INTO commit_refs SELECT lower(hex(sha)), ref_id, relation, kind FROM cur.commit_refs;
                    INSERT INTO commit_pulls SELECT lower(hex(sha)), repo, number, via FROM cur.commit_pulls;
                    INSERT INTO forge_commit_checks SELECT lower(hex(sha)), status, checked_at FROM cur.forge_commit_checks;
                    INSERT INTO forge_items SELECT * FROM cur.forge_items;
                    INSERT INTO forge_missing SELECT * FROM cur.forge_missing;
                    INSERT INTO forge_shared_items SELECT * FROM cur.forge_shared_items;
                    INSERT INTO meta SELECT * FROM cur.meta;
                    """)
                return .commit
            }
            try db.execute(sql: "DETACH DATABASE cur")
        }
        try queue.close()
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        try FileManager.default.moveItem(atPath: old, toPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return path
    }

    @Test func aV8StoreIsConvertedInPlaceAndAnswersAsAFreshOne() throws {
        // Given a store filled by this build, and its readers' answers
        let (repo, shas) = try filledStore()
        let expected = try answers(openStore(repo), shas)
        #expect(expected.contains { $0.hasPrefix("pr 5 [") && $0.contains(shas[1]) }, "the merge attributes the topic commit")
        #expect(expected.contains { $0.hasPrefix("note \(shas[2]) #9 Item 9") })
        // When the same store, as v8 kept it, is opened by this build
        let path = try downgrade(repo)
        #expect(try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "SELECT typeof(source_id) FROM eventlog") } == "text")
        var announced = 0
        let store = try Workspace(repository: Repository.open(at: repo.path)).openStore { announced += 1 }
        #expect(announced == 1, "the conversion is announced before it runs (commands say why they wait)")
        _ = try Workspace(repository: Repository.open(at: repo.path)).openStore { announced += 1 }
        #expect(announced == 1, "and only once")
        // Then every reader answers the same (the unreadable payload's commit is passed over)
        var migrated = try answers(store, shas)
        let broken = try #require(migrated.firstIndex { $0.contains(String(repeating: "ab", count: 20)) })
        migrated.remove(at: broken)
        #expect(migrated == expected)
        #expect(try store.readView { try $0.ingestedCommit(sha: String(repeating: "ab", count: 20)) } == nil)
        // and the ids are blobs, the readable payloads binary, the unreadable one as it was
        let types = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT 'eventlog', typeof(source_id), typeof(payload), count(*) FROM eventlog GROUP BY 2, 3
                UNION ALL SELECT 'commit_refs', typeof(sha), '', count(*) FROM commit_refs GROUP BY 2
                UNION ALL SELECT 'commit_pulls', typeof(sha), '', count(*) FROM commit_pulls GROUP BY 2
                UNION ALL SELECT 'checks', typeof(sha), '', count(*) FROM forge_commit_checks GROUP BY 2
                UNION ALL SELECT 'first_sha', typeof(first_sha), '' || (length(first_sha) = 0), count(*) FROM forge_refs GROUP BY 2, 3
                """).map { "\($0[0] as String) \($0[1] as String) \($0[2] as String? ?? "") \($0[3] as Int)" }
        }
        #expect(types.sorted() == ["checks blob  2", "commit_pulls blob  2", "commit_refs blob  4",
                                   "eventlog blob blob 4", "eventlog blob text 1", "first_sha blob 0 5", "first_sha blob 1 1"])
        // and the pages the old rows held are given back (a VACUUM after the conversion)
        #expect(try store.writer.read { try Int.fetchOne($0, sql: "PRAGMA freelist_count") } == 0)
        // and a later ingest goes on from the converted events without storing any again
        try repo.commit("After (#6)")
        #expect(try ingest(repo).newCommits == 1)
        #expect(try openStore(repo).backlog().contains("o/r any 6"))
        let seq = try openStore(repo).writer.read { try Int64.fetchOne($0, sql: "SELECT max(seq) FROM eventlog") }
        #expect(seq == 6, "seq goes on after the converted events")
    }
}
