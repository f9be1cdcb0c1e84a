import Foundation
import GRDB
import Testing
import GitForgeTestSupport
@testable import GitForgeCore

/// `forge_ref_counts` must always say what a `GROUP BY status` over `forge_refs` says: after every
/// path that writes the backlog, the two are compared.
struct BacklogCountersTests {
    /// The counters, and a fresh count of the rows; every status present in both.
    private func both(_ store: ForgeStore) throws -> (counters: [BacklogStatus: Int], rows: [BacklogStatus: Int]) {
        try store.writer.read { db in
            var rows = Dictionary(uniqueKeysWithValues: BacklogStatus.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM forge_refs GROUP BY status") {
                rows[row["status"] as BacklogStatus] = row["n"]
            }
            return (try BacklogCounters.read(db), rows)
        }
    }

    /// Fails the test when the counters drifted; returns the (agreed) counts.
    @discardableResult
    private func expectAgree(_ store: ForgeStore, _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> [BacklogStatus: Int] {
        let (counters, rows) = try both(store)
        #expect(counters == rows, comment, sourceLocation: sourceLocation)
        let counts = try store.counts()
        #expect([counts.pending, counts.resolved, counts.notFound, counts.unreadable]
                    == [rows[.pending], rows[.resolved], rows[.notFound], rows[.failed]], comment, sourceLocation: sourceLocation)
        return rows
    }

    @Test func firstFillAndIncrementalIngestCountEveryReference() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r")
        // More than one batch (256): the bulk path, on the writer thread.
        try importHistory(repo, commits: 300)
        _ = try ingest(repo)
        // A first fill: rows written with no trigger, counted once after.
        #expect(try expectAgree(openStore(repo), "first fill")[.pending] == 301)
        // Incremental: two new numbers, and an old one mentioned again.
        try repo.commit("More (#400)\n\nSee #401 and #3")
        _ = try ingest(repo)
        #expect(try expectAgree(openStore(repo), "incremental")[.pending] == 303)
    }

    @Test func resolverSavesFailuresAndRebuildKeepTheCounters() throws {
        // Every 10th number is missing on the fake forge: resolved and notFound both occur.
        let harness = try ResolverHarness(.github, numbers: Array(1...30))
        try expectAgree(harness.store(), "after ingest")
        try harness.run()
        let store = try harness.store()
        let after = try expectAgree(store, "after the resolver's saves")
        #expect(after[.resolved] == 27 && after[.notFound] == 3 && after[.pending] == 0)
        // A transient failure that gives up on a pending reference: pending → failed.
        try store.writer.write { try $0.execute(sql: "UPDATE forge_refs SET status = 'pending' WHERE number IN (1, 2)") }
        let ids = try store.writer.read { try Int64.fetchAll($0, sql: "SELECT id FROM forge_refs WHERE number IN (1, 2)") }
        try store.recordFailure(ids, reason: "boom", retryAt: Date(timeIntervalSinceNow: 60), maxAttempts: 1)
        #expect(try expectAgree(store, "after failures")[.failed] == 2)
        // A run's total counts from the counters what it would otherwise read row by row.
        try store.writer.write { try $0.execute(sql: "UPDATE forge_refs SET status = 'pending' WHERE number IN (3, 4)") }
        let three = try store.writer.read { try Int64.fetchAll($0, sql: "SELECT id FROM forge_refs WHERE number = 3") }
        try store.recordFailure(three, reason: "later", retryAt: Date(timeIntervalSinceNow: 600), maxAttempts: 5)
        for now in [Date(), .distantFuture] {
            #expect(try store.readyBacklogCount(now: now) == store.readyBacklog(now: now, limit: 1000).count)
        }
        #expect(try store.readyBacklogCount(now: Date()) == 1 && store.readyBacklogCount(now: .distantFuture) == 2)
        // `sync --rebuild`: everything pending again.
        try store.resetForgeCache()
        #expect(try expectAgree(store, "after --rebuild")[.pending] == 30)
        // and settled from nothing, resolved again by a second run.
        try harness.run()
        try expectAgree(harness.store(), "after a second run")
    }

    @Test func reDerivationAfterAForgeChangeRecounts() throws {
        let repo = try GitFixture()
        try repo.commit("Merge branch 'x' into 'main'\n\nSee merge request group/proj!7\n\nCloses #5")
        try repo.commit("Also #6 and !8")
        _ = try ingest(repo)
        let before = try expectAgree(openStore(repo), "GitHub-less ingest")
        try repo.git("remote", "add", "origin", "git@gitlab.com:group/proj.git")
        _ = try ingest(repo)
        let after = try expectAgree(openStore(repo), "re-derived for GitLab")
        #expect(after[.pending] == 4 && before.values.reduce(0, +) > 0)
        // and when the tables are lost by hand, counters included
        let db = try DatabaseQueue(path: repo.path + "/.git/forge/forge.db")
        try db.write { try $0.execute(sql: "DROP TABLE forge_ref_counts") }
        try db.close()
        _ = try ingest(repo)
        #expect(try expectAgree(openStore(repo), "re-derived after a lost counter table")[.pending] == 4)
    }

    @Test func aSharedCacheImportSettlingRowsKeepsTheCounters() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r")
        let sha = try repo.commit("One (#1)\n\nSee #2 and #3")
        _ = try ingest(repo)
        let store = try openStore(repo)
        let closed = ForgeItem(kind: .pull, number: 1, title: "One", state: .merged, url: "https://github.com/o/r/pull/1")
        let now = Int64(Date().timeIntervalSince1970)
        _ = try store.importShared([
            .item(host: "github.com", repo: "o/r", item: closed, fetchedAt: now),
            .missing(host: "github.com", repo: "o/r", kind: .any, number: 2, fetchedAt: now),
            .commit(host: "github.com", repo: "o/r", sha: sha, pulls: [50], fetchedAt: now),
        ], pullKind: .any, freshAfter: Date(timeIntervalSinceNow: -3600))
        let counts = try expectAgree(store, "after an import")
        #expect(counts[.resolved] == 1 && counts[.notFound] == 1 && counts[.pending] == 2)
    }

    /// `status`'s deferred count reads the partial index, not every pending row.
    @Test func deferredReferencesAreFoundThroughTheirIndex() throws {
        let repo = try GitFixture()
        try repo.git("remote", "add", "origin", "https://github.com/o/r")
        try importHistory(repo, commits: 5)
        _ = try ingest(repo)
        let store = try openStore(repo)
        let plan = try store.writer.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT count(*), min(next_attempt_at) FROM forge_refs
                WHERE status = 'pending' AND next_attempt_at > 0
                """).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("forge_refs_deferred") }, "\(plan)")
        let ids = try store.writer.read { try Int64.fetchAll($0, sql: "SELECT id FROM forge_refs WHERE number IN (2, 4)") }
        try store.recordFailure(ids, reason: "later", retryAt: Date(timeIntervalSinceNow: 600), maxAttempts: 5)
        #expect(try store.deferredReferences()?.count == 2)
        #expect(try store.deferredReferences()?.lastError == "later")
    }
}
