import Foundation
import GRDB
import GitForgeTestSupport
import Testing
@testable import GitForgeCore

/// A first ingest builds the store in a new file beside `forge.db` and renames it into place.
struct FirstFillTests {
    @Test func readersSeeNoStoreUntilTheWholeOneIsInPlace() throws {
        // Given a history long enough for the writer thread
        let repo = try GitFixture()
        try importHistory(repo, commits: 700)
        let workspace = try Workspace(repository: Repository.open(at: repo.path))
        let location = workspace.location
        // When it is ingested into no store, looking at the directory after each batch read
        var seenMidway: [(empty: Bool, newFiles: Int)] = []
        let progress = IngestProgress(tty: true, total: nil, delay: .zero) { _ in
            seenMidway.append((location.isDatabaseEmpty, Self.newFiles(location).count))
        }
        let result = try workspace.ingest(into: workspace.openStore(), progress: progress)
        // Then, while it ran, `forge.db` was empty ("no store" to status and show) and the rows
        // went to one new file
        #expect(result.newCommits == 700)
        #expect(!seenMidway.isEmpty)
        #expect(seenMidway.allSatisfy { $0.empty && $0.newFiles == 1 }, "\(seenMidway)")
        // And afterwards the store is whole, in WAL mode, private, with nothing left beside it
        #expect(!location.isDatabaseEmpty)
        #expect(Self.newFiles(location).isEmpty)
        let store = try workspace.openStore()
        let (mode, rows, check, index) = try store.writer.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM eventlog"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'eventlog_source'"))
        }
        #expect(mode == "wal")
        #expect(rows == 700)
        #expect(check == "ok")
        #expect(index == 1)
        var info = stat()
        #expect(stat(location.database, &info) == 0 && info.st_mode & 0o777 == 0o600)
        // And the next run is incremental and finds nothing new
        #expect(try ingest(repo).newCommits == 0)
    }

    @Test func aNewFileLeftByACrashIsRemovedByTheNextRun() throws {
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        let location = try Workspace(repository: Repository.open(at: repo.path)).location
        try location.prepare()
        let leftover = location.directory + "/forge.db.new-AbC123"
        try Data("half a store".utf8).write(to: URL(fileURLWithPath: leftover))
        #expect(try ingest(repo).newCommits == 1)
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }

    @Test func aStoreOpenedTwiceInOneProcessWhileBeingCreatedDoesNotWait() throws {
        // Given a store being created and not yet used (it holds the directory lock)
        let repo = try GitFixture()
        try repo.commit("one (#1)")
        let first = try openStore(repo)
        // When this process opens it again and ingests, it is not stuck behind its own lock
        #expect(try ingest(repo).newCommits == 1)
        // And the first handle reads the store in place
        #expect(try first.payloads().count == 1)
    }

    private static func newFiles(_ location: StoreLocation) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: location.directory)) ?? []).filter { $0.hasPrefix("forge.db.new-") }
    }
}

/// Progress is drawn only on a terminal, after the delay, with an ETA when a total is known.
struct IngestProgressTests {
    @Test func silentWithoutATerminal() {
        var out = ""
        let progress = IngestProgress(tty: false, total: 1000, delay: .zero) { out += $0 }
        progress.update(256)
        progress.finish()
        #expect(out.isEmpty)
    }

    @Test func silentBeforeTheDelay() {
        var out = ""
        let progress = IngestProgress(tty: true, total: 1000, delay: .seconds(3600)) { out += $0 }
        progress.update(256)
        progress.finish()
        #expect(out.isEmpty)
    }

    @Test func countsRateAndETAOnATerminal() {
        var out = ""
        let progress = IngestProgress(tty: true, total: 1_000_000, delay: .zero) { out += $0 }
        progress.update(256)
        progress.finish()
        #expect(out.contains("\r\u{1B}[KReading commits: 256 of ~1,000,000"), "\(out)")
        #expect(out.contains("/s, ETA "), "\(out)")
        #expect(out.hasSuffix("\n"))
    }

    @Test func theCommitGraphGivesTheTotal() throws {
        let repo = try GitFixture()
        for i in 1...5 { try repo.commit("commit \(i)") }
        let objects = repo.path + "/.git/objects"
        #expect(IngestProgress.commitGraphCount(objectsDirectory: objects) == nil)
        try repo.git("commit-graph", "write", "--reachable")
        #expect(IngestProgress.commitGraphCount(objectsDirectory: objects) == 5)
    }

    @Test func anIngestIntoAPipeSaysNothingOnStderr() throws {
        let repo = try GitFixture()
        try importHistory(repo, commits: 300)
        let run = try repo.forge("ingest")
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }
}
