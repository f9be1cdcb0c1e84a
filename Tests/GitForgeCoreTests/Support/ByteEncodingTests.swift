import Foundation
import Testing
@testable import GitForgeCore

/// The byte-level writers ingest uses instead of `String` APIs must print exactly what the
/// `String` versions printed, or stored payloads would change shape between versions.
struct ByteEncodingTests {
    @Test func isoDatesUseTheAuthorsOffset() {
        #expect(ISODate.format(seconds: 1_700_003_600, offsetMinutes: 330) == "2023-11-15T04:43:20+05:30")
        #expect(ISODate.format(seconds: 1_700_003_600, offsetMinutes: -480) == "2023-11-14T15:13:20-08:00")
        #expect(ISODate.format(seconds: 0, offsetMinutes: 0) == "1970-01-01T00:00:00+00:00")
        // Before the epoch, and a leap day.
        #expect(ISODate.format(seconds: -1, offsetMinutes: 0) == "1969-12-31T23:59:59+00:00")
        #expect(ISODate.format(seconds: 951_782_400, offsetMinutes: 0) == "2000-02-29T00:00:00+00:00")
    }

    @Test func jsonNumbersAndEscapes() throws {
        var json = JSONWriter()
        json.raw("[")
        json.number(0); json.raw(","); json.number(-42); json.raw(","); json.number(Int64.max)
        json.raw(","); json.number(Int64.min + 1); json.raw(",")
        json.string("quote \" backslash \\ newline \n tab \t bell \u{7} é ✓")
        json.raw("]")
        #expect(json.string == #"[0,-42,9223372036854775807,-9223372036854775807,"quote \" backslash \\ newline \n tab \t bell \u0007 é ✓"]"#)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.bytes)) as? [Any]
        #expect(decoded?.last as? String == "quote \" backslash \\ newline \n tab \t bell \u{7} é ✓")
    }

    @Test func headerBytesThatAreNotUTF8BecomeReplacementCharacters() throws {
        var json = JSONWriter()
        let bytes: [UInt8] = Array("Jos".utf8) + [0xE9] + Array(" \"x\"".utf8)
        bytes.withUnsafeBufferPointer { json.string(bytes: $0) }
        #expect(json.string == "\"Jos\u{FFFD} \\\"x\\\"\"")
    }

    @Test func objectIDsRoundTripAndRejectNonHex() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        let id = try #require(ObjectID(hex: hex))
        #expect(id.hex == hex)
        #expect(ObjectID(hex: hex.uppercased()) == id)
        #expect(id.oid.hex == hex)
        #expect(ObjectID(hex: String(hex.dropLast())) == nil)
        #expect(ObjectID(hex: String(hex.dropLast()) + "g") == nil)
        #expect(ObjectID(hex: "ffffffffffffffffffffffffffffffffffffffff")?.hex == "ffffffffffffffffffffffffffffffffffffffff")
    }

    @Test func messageSplitOnBytesMatchesSplitOnText() {
        let messages: [[UInt8]] = [
            Array("Subject line\nwrapped\n\nBody para 1\n\n\nBody para 2   \n\n".utf8),
            Array("\n\n  \nOnly subject  \n\n\n".utf8),
            Array("".utf8),
            Array("   \n\t\n".utf8),
            Array("Sub\r\n\r\nbody\r\nline 2\r\n".utf8),
            // Invalid UTF-8 next to the bytes the split looks at.
            Array("Bad ".utf8) + [0xE2] + Array("\nmore ".utf8) + [0xFF] + Array("\n\n".utf8) + [0xC3] + Array("\n".utf8),
        ]
        for bytes in messages {
            let text = String(decoding: bytes, as: UTF8.self)
            let fromText = CommitMessage(text)
            let joined = String(decoding: bytes.withUnsafeBufferPointer { CommitMessage.joined($0) }, as: UTF8.self)
            #expect(joined == fromText.parseText, "\(bytes)")
            #expect(CommitMessage.parts(of: joined) == (fromText.subject, fromText.body))
        }
        #expect(CommitMessage("Subject line\nwrapped\n\nBody para 1\n\n\nBody para 2   \n\n")
            == CommitMessage(subject: "Subject line wrapped", body: "Body para 1\n\n\nBody para 2"))
    }
}
