/// Extracts issue and pull/merge-request references from commit messages.
///
/// It runs on every commit during ingest, so it is a hand-written, single-pass, linear scanner
/// over UTF-8 bytes (regex engines cost microseconds per message and can backtrack): the
/// message is skimmed eight bytes at a time for the few bytes that can start a reference, and
/// only there does any real work happen. Most messages contain none and cost one skim.
public struct ReferenceParser: Sendable {
    private let syntax: ReferenceSyntax

    public init(_ context: ReferenceContext) {
        syntax = ReferenceSyntax(context)
    }

    /// References in order of first appearance, one per referenced object (see
    /// `ReferenceCollector` for how repeats merge).
    public func references(in message: String) -> [Reference] {
        if let found = message.utf8.withContiguousStorageIfAvailable({ references(inUTF8: $0) }) {
            return found
        }
        // Only bridged or lazily decoded strings get here; copying them is still linear.
        return Array(message.utf8).withUnsafeBufferPointer { references(inUTF8: $0) }
    }

    func references(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [Reference] {
        // Fast path: no candidate anywhere means no allocation and no further work.
        guard let first = Self.nextCandidate(in: bytes, from: 0, syntax.triggers) else { return [] }
        var scanner = ReferenceScanner(bytes: bytes, syntax: syntax)
        return scanner.scan(from: first)
    }

    /// Position of the next byte at which a reference could start: `#`, `!` (on forges where
    /// it means something), the `-` of `GH-`, or the `:` of `://`. Skips eight bytes per step
    /// while none of the three trigger bytes is present (SWAR "has zero byte" test), because
    /// in real messages they are rare and this loop is where the time goes.
    @inline(__always)
    static func nextCandidate(in b: UnsafeBufferPointer<UInt8>, from start: Int,
                              _ triggers: (UInt8, UInt8, UInt8)) -> Int? {
        let n = b.count
        guard start < n, let base = b.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let m0 = UInt64(triggers.0) &* ones
        let m1 = UInt64(triggers.1) &* ones
        let m2 = UInt64(triggers.2) &* ones
        var i = start
        while true {
            while i &+ 8 <= n {
                let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let a = x ^ m0, c = x ^ m1, d = x ^ m2
                if ((a &- ones) & ~a | (c &- ones) & ~c | (d &- ones) & ~d) & highs != 0 { break }
                i &+= 8
            }
            let stop = min(n, i &+ 8)
            while i < stop {
                let c = b[i]
                if c == triggers.0 || c == triggers.1 || c == triggers.2, isCandidate(b, at: i) { return i }
                i &+= 1
            }
            if i >= n { return nil }
        }
    }

    /// Trigger bytes that are common in prose (`:` of every trailer, `-` of every hyphenated
    /// word) are only candidates in their reference shape: `://` and `GH-`/`gh-`.
    @inline(__always)
    private static func isCandidate(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        switch b[i] {
        case ReferenceBytes.colon:
            return i + 2 < b.count && b[i + 1] == ReferenceBytes.slash && b[i + 2] == ReferenceBytes.slash
        case ReferenceBytes.dash:
            return i >= 2 && ReferenceBytes.lowercased(b[i - 1]) == 0x68 && ReferenceBytes.lowercased(b[i - 2]) == 0x67
        default:
            return true
        }
    }
}
