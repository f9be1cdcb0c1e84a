/// A commit message split as `git log` splits it: the subject is the first paragraph with its
/// line breaks folded into spaces (`%s`), the body everything after the first blank line (`%b`).
/// Works on UTF-8 bytes: ingest splits every commit, and `Character`-wise splitting cost more
/// than reading the commit.
struct CommitMessage: Equatable {
    var subject: String
    var body: String

    init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    init(_ text: String) {
        var text = text
        let joined = String(decoding: text.withUTF8 { Self.joined($0) }, as: UTF8.self)
        (subject, body) = Self.parts(of: joined)
    }

    /// The text reference discovery reads; the same whether built at ingest or re-derived from a
    /// stored payload, so both paths find the same references.
    var parseText: String { body.isEmpty ? subject : subject + "\n\n" + body }

    /// `parseText` straight from a message's bytes, in one buffer: ingest makes this one string
    /// per commit and writes the subject and body into the payload from slices of it.
    /// - Parameter subjectOnly: stop after the subject (`log`'s lines show nothing else).
    static func joined(_ bytes: UnsafeBufferPointer<UInt8>, subjectOnly: Bool = false) -> [UInt8] {
        let n = bytes.count
        // Lines as (start, end) with trailing whitespace excluded.
        var i = 0
        func nextLine() -> (Int, Int, Bool)? {
            guard i < n else { return nil }
            let start = i
            while i < n, bytes[i] != 0x0A { i += 1 }
            var end = i
            if i < n { i += 1 }
            while end > start, isBlank(bytes[end - 1]) { end -= 1 }
            var blank = true
            for k in start..<end where !isBlank(bytes[k]) { blank = false; break }
            return (start, end, blank)
        }
        var out: [UInt8] = []
        out.reserveCapacity(n + 2)
        var line = nextLine()
        while let l = line, l.2 { line = nextLine() }
        while let l = line, !l.2 {
            if !out.isEmpty { out.append(0x20) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[l.0..<l.1]))
            line = nextLine()
        }
        if subjectOnly { return out }
        while let l = line, l.2 { line = nextLine() }
        // The body runs from its first non-blank line to its last; trailing whitespace of each
        // line is dropped, as git does. A message with no subject line has no body either.
        guard line != nil, !out.isEmpty else { return out }
        var pendingNewlines = 1
        while let l = line {
            if l.2 {
                pendingNewlines += 1
            } else {
                out.append(contentsOf: repeatElement(0x0A, count: pendingNewlines + 1))
                pendingNewlines = 0
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[l.0..<l.1]))
            }
            line = nextLine()
        }
        return out
    }

    /// Splits a `parseText` back: the subject never holds a line break, so it ends at the first.
    static func parts(of text: String) -> (subject: String, body: String) {
        var copy = text
        return copy.withUTF8 { utf8 in
            guard let newline = utf8.firstIndex(of: 0x0A) else { return (text, "") }
            let bodyStart = Swift.min(newline + 2, utf8.count)
            return (String(decoding: UnsafeBufferPointer(rebasing: utf8[..<newline]), as: UTF8.self),
                    String(decoding: UnsafeBufferPointer(rebasing: utf8[bodyStart...]), as: UTF8.self))
        }
    }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
}
