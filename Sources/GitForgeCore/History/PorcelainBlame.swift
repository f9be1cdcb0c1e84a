/// One run of lines `git blame --porcelain` gives to a commit, in the final file's numbering.
public struct BlameHunk: Sendable, Equatable {
    public var sha: CommitID
    /// The first line in the final file, 1-based.
    public var start: Int
    public var lines: Int
}

/// Reads `git blame --porcelain` as it streams: each group starts with
/// `<sha> <original line> <final line> <line count>`, lines after the first of a group with
/// `<sha> <original line> <final line>`; commit headers follow a commit's first appearance, and
/// every line's text follows a tab. Bytes are split on newlines here, so a chunk may end anywhere.
struct PorcelainBlame {
    private(set) var hunks: [BlameHunk] = []
    /// The text of each line of the final file, when asked to keep it.
    private(set) var text: [String] = []
    private let keepText: Bool
    private var pending: [UInt8] = []
    private var expectHeader = true

    init(keepText: Bool) { self.keepText = keepText }

    mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        let bytes = chunk.bindMemory(to: UInt8.self)
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x0A {
            if pending.isEmpty {
                line(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            } else {
                pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                pending.withUnsafeBufferPointer { line($0) }
                pending.removeAll(keepingCapacity: true)
            }
            start = i + 1
        }
        pending.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    private mutating func line(_ line: UnsafeBufferPointer<UInt8>) {
        if line.first == 0x09 {
            if keepText { text.append(String(decoding: UnsafeBufferPointer(rebasing: line[1...]), as: UTF8.self)) }
            expectHeader = true
            return
        }
        guard expectHeader, line.count >= 40 else { return }
        expectHeader = false
        // `<40 hex> <orig> <final>[ <count>]`: a count starts a new group.
        let fields = line.split(separator: 0x20)
        guard fields.count == 4, let final = Self.number(fields[2]), let count = Self.number(fields[3]) else { return }
        hunks.append(BlameHunk(sha: String(decoding: fields[0], as: UTF8.self), start: final, lines: count))
    }

    private static func number(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var n = 0
        for b in bytes {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return bytes.isEmpty ? nil : n
    }
}
