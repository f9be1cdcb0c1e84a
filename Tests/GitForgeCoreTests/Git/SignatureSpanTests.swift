import Testing
@testable import GitForgeCore

/// Author and committer lines read as git reads them, broken ones included (old histories have
/// them: `git fsck` calls them badDate, badEmail, badTimezone).
struct SignatureSpanTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var line: String
        var email: String
        var time: Int64
        var offsetMinutes: Int
        var testDescription: String { line }
    }

    static let cases: [Case] = [
        Case(line: "A U Thor <a@x.org> 1700000000 +0530", email: "a@x.org", time: 1_700_000_000, offsetMinutes: 330),
        Case(line: "A <a@x> 1700000000 -0800", email: "a@x", time: 1_700_000_000, offsetMinutes: -480),
        Case(line: "A <a@x> 1700000000 +1400", email: "a@x", time: 1_700_000_000, offsetMinutes: 840),
        // git reads the date after the last '>', the email up to the first.
        Case(line: "A <b> <a@x> 1700000000 +0000", email: "b", time: 1_700_000_000, offsetMinutes: 0),
        // A date git cannot read is the epoch in UTC, whatever follows it.
        Case(line: "C <c@x> abc +0000", email: "c@x", time: 0, offsetMinutes: 0),
        Case(line: "C <c@x> -100000 +0000", email: "c@x", time: 0, offsetMinutes: 0),
        Case(line: "C <c@x> 18446744073709551617 +0200", email: "c@x", time: 0, offsetMinutes: 0),
        // A short zone is a number read as hhmm, as git reads it: "+05" is five minutes.
        Case(line: "C <c@x> 1700000000 +05", email: "c@x", time: 1_700_000_000, offsetMinutes: 5),
        Case(line: "C <c@x> 1700000000", email: "c@x", time: 1_700_000_000, offsetMinutes: 0),
    ]

    @Test(arguments: cases)
    func readAsGitReadsThem(_ c: Case) {
        let bytes = Array(c.line.utf8)
        let span = bytes.withUnsafeBufferPointer { SignatureSpan($0, 0..<$0.count) }
        #expect(String(decoding: bytes[span.email], as: UTF8.self) == c.email)
        #expect(span.time == c.time)
        #expect(span.offsetMinutes == c.offsetMinutes)
    }
}
