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
        (subject, body) = text.withUTF8 { Self.split($0) }
    }

    /// The text reference discovery reads; the same whether built at ingest or re-derived from a
    /// stored payload, so both paths find the same references.
    var parseText: String { body.isEmpty ? subject : subject + "\n\n" + body }

    private static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, String) {
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
        var subject: [UInt8] = []
        var line = nextLine()
        while let l = line, l.2 { line = nextLine() }
        while let l = line, !l.2 {
            if !subject.isEmpty { subject.append(0x20) }
            subject.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[l.0..<l.1]))
            line = nextLine()
        }
        while let l = line, l.2 { line = nextLine() }
        guard let first = line else { return (String(decoding: subject, as: UTF8.self), "") }
        // The body runs from its first non-blank line to its last; trailing whitespace of each
        // line is dropped, as git does.
        var body: [UInt8] = []
        body.reserveCapacity(n - first.0)
        var pendingNewlines = 0
        line = first
        while let l = line {
            if l.2 {
                pendingNewlines += 1
            } else {
                if !body.isEmpty { body.append(contentsOf: repeatElement(0x0A, count: pendingNewlines + 1)) }
                pendingNewlines = 0
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[l.0..<l.1]))
            }
            line = nextLine()
        }
        return (String(decoding: subject, as: UTF8.self), String(decoding: body, as: UTF8.self))
    }
}
