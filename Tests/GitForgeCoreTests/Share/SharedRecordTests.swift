import Foundation
import Testing
@testable import GitForgeCore

/// The record format of refs/notes/forge-cache: stable bytes, a strict reader, the merge rule.
struct SharedRecordTests {
    static let pull = ForgeItem(kind: .pull, number: 12, title: "Fix \u{1B}[31mcrash", body: "Line one\nline \"two\"",
                                state: .merged, draft: false, author: "octocat", labels: ["bug", "ui"],
                                url: "https://github.com/o/r/pull/12", createdAt: "2025-01-01T00:00:00Z",
                                updatedAt: "2025-03-01T10:00:00Z", closedAt: "2025-03-01T10:00:00Z",
                                mergedAt: "2025-03-01T10:00:00Z", baseRef: "main", headRef: "fix",
                                mergeCommitSHA: String(repeating: "ab", count: 20), approvals: 2,
                                closes: [.init(repo: "o/r", number: 3)], etag: "W/\"secret-etag\"")

    static let records: [SharedRecord] = [
        .item(host: "github.com", repo: "o/r", item: pull, fetchedAt: 1_740_823_200),
        .missing(host: "github.com", repo: "o/r", kind: .any, number: 99, fetchedAt: 1_740_823_201),
        .commit(host: "github.com", repo: "o/r", sha: String(repeating: "c", count: 40), pulls: [12], fetchedAt: 1_740_823_202),
        .commit(host: "github.com", repo: "o/r", sha: String(repeating: "d", count: 40), pulls: [], fetchedAt: 1_740_823_203),
    ]

    @Test(arguments: records)
    func aRecordReadsBackAsWritten(record: SharedRecord) throws {
        let bytes = record.encoded()
        // One line, ending in a newline: git diffs and merges it line by line
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(!bytes.dropLast().contains(UInt8(ascii: "\n")))
        #expect(try SharedRecord.decode(bytes, key: record.key) == record.withoutETag)
        #expect(record.encoded() == bytes)
    }

    @Test func anItemCarriesNoETagAndItsKeyIsGitsHashOfItsIdentity() throws {
        let record = Self.records[0]
        #expect(!String(decoding: record.encoded(), as: UTF8.self).contains("secret-etag"))
        let hashed = try GitHash.blob(Array("item github.com o/r pull 12".utf8)).hex
        #expect(record.key == hashed)
        #expect(Self.records[2].key == String(repeating: "c", count: 40))
        #expect(SharedRecord.iso(1_740_823_200) == "2025-03-01T10:00:00Z")
    }

    @Test(arguments: [
        ("not json", "{nope"),
        ("array", "[1]"),
        ("bad url", #"{"fetchedAt":"2025-03-01T10:00:00Z","host":"github.com","kind":"any","number":7,"repo":"o/r","type":"missing","v":1,"x":1}"#),
        ("zero number", #"{"fetchedAt":"2025-03-01T10:00:00Z","host":"github.com","kind":"any","number":0,"repo":"o/r","type":"missing","v":1}"#),
        ("bad time", #"{"fetchedAt":"yesterday","host":"github.com","kind":"any","number":7,"repo":"o/r","type":"missing","v":1}"#),
        ("upper-case repo", #"{"fetchedAt":"2025-03-01T10:00:00Z","host":"github.com","kind":"any","number":7,"repo":"O/R","type":"missing","v":1}"#),
        ("unknown type", #"{"fetchedAt":"2025-03-01T10:00:00Z","host":"github.com","kind":"any","number":7,"repo":"o/r","type":"token","v":1}"#),
        ("no version", #"{"fetchedAt":"2025-03-01T10:00:00Z","host":"github.com","kind":"any","number":7,"repo":"o/r","type":"missing"}"#),
    ])
    func aBadRecordIsAnErrorNotACrash(name: String, text: String) throws {
        let key = SharedRecord.missing(host: "github.com", repo: "o/r", kind: .any, number: 7, fetchedAt: 0).key
        let result = Result { () throws(SharedRecordError) in try SharedRecord.decode(Array(text.utf8), key: key) }
        if name == "bad url" {
            // Unknown keys are allowed (a newer writer may add some); the record is fine
            #expect((try? result.get()) != nil)
        } else {
            #expect((try? result.get()) == nil, "\(name)")
        }
    }

    @Test func aRecordUnderAnotherNameOrFromANewerVersionIsRefused() {
        let record = Self.records[1]
        #expect(throws: SharedRecordError.misplaced) {
            try SharedRecord.decode(record.encoded(), key: String(repeating: "0", count: 40))
        }
        var text = String(decoding: record.encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"v\":1", with: "\"v\":2")
        #expect(throws: SharedRecordError.unsupportedVersion) { try SharedRecord.decode(Array(text.utf8), key: record.key) }
        #expect(throws: SharedRecordError.tooLarge(SharedLimits.blobBytes)) {
            try SharedRecord.decode(Array(repeating: 0x20, count: SharedLimits.blobBytes + 1), key: record.key)
        }
    }

    @Test func aFinalItemBeatsANewerOpenOneAndOtherwiseTheNewerFetchWins() {
        var open = Self.pull
        open.state = .open
        let merged = SharedRecord.item(host: "github.com", repo: "o/r", item: Self.pull, fetchedAt: 100)
        let newerOpen = SharedRecord.item(host: "github.com", repo: "o/r", item: open, fetchedAt: 200)
        let olderOpen = SharedRecord.item(host: "github.com", repo: "o/r", item: open, fetchedAt: 50)
        #expect(merged.wins(over: newerOpen, bytes: merged.encoded(), otherBytes: newerOpen.encoded()))
        #expect(!newerOpen.wins(over: merged, bytes: newerOpen.encoded(), otherBytes: merged.encoded()))
        #expect(newerOpen.wins(over: olderOpen, bytes: newerOpen.encoded(), otherBytes: olderOpen.encoded()))
        #expect(!olderOpen.wins(over: newerOpen, bytes: olderOpen.encoded(), otherBytes: newerOpen.encoded()))
    }

    @Test func aLongBodyIsCutToFitOneBlob() throws {
        var item = Self.pull
        item.body = String(repeating: "é", count: SharedLimits.blobBytes)
        let record = SharedRecord.item(host: "github.com", repo: "o/r", item: item, fetchedAt: 1)
        let bytes = record.encoded()
        #expect(bytes.count <= SharedLimits.blobBytes)
        guard case let .item(_, _, decoded, _) = try SharedRecord.decode(bytes, key: record.key) else {
            Issue.record("not an item")
            return
        }
        #expect(decoded.body.utf8.count <= SharedLimits.bodyBytes && decoded.body.hasPrefix("éé"))
    }
}

extension SharedRecord {
    var withoutETag: SharedRecord {
        guard case .item(let host, let repo, var item, let time) = self else { return self }
        item.etag = nil
        return .item(host: host, repo: repo, item: item, fetchedAt: time)
    }
}
