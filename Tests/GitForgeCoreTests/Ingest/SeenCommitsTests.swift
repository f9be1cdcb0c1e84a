import Testing
@testable import GitForgeCore

/// The walk's packed seen-set: a commit it lets through twice is stored twice (a first fill
/// builds the eventlog's unique index after the rows), one it stops wrongly is lost.
struct SeenCommitsTests {
    private func id(_ words: (UInt64, UInt64, UInt32)) -> ObjectID {
        let hex = String(words.0, radix: 16).leftPadded(16) + String(words.1, radix: 16).leftPadded(16)
            + String(words.2, radix: 16).leftPadded(8)
        return ObjectID(hex: hex)!
    }

    @Test func eachIdIsNewOnceThroughEveryGrowth() {
        // Given 100,000 random ids, ids differing from them in one low bit only, and the zero id
        var generator = SystemRandomNumberGenerator()
        let ids = (0..<100_000).map { _ in
            id((generator.next(), generator.next(), UInt32.random(in: 1...UInt32.max, using: &generator)))
        }
        let neighbours = ids.map { id(($0.words.0, $0.words.1, $0.words.2 ^ 1)) }
        var seen = SeenCommits()
        let first = ids.map { seen.insert($0) }
        let zero = seen.insert(id((0, 0, 0)))
        let again = ids.map { seen.insert($0) }
        let zeroAgain = seen.insert(id((0, 0, 0)))
        let newNeighbours = neighbours.filter { seen.insert($0) }.count
        // Then each is new the first time only, whatever the shards grew to in between
        #expect(!first.contains(false))
        #expect(zero && !zeroAgain)
        #expect(!again.contains(true))
        #expect(newNeighbours == Set(neighbours).subtracting(ids).count)
        #expect(seen.count == Set(ids + neighbours).count + 1)
        // And the set stays compact: 20 bytes an id, at least half full
        #expect(seen.footprint <= seen.count * 40 + 256 * 16 * 20)
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
