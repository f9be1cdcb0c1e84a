import Foundation
import Testing
@testable import GitForgeCore

/// JSON that a terminal may show (`--json`, and the payloads later commands print) escapes what
/// could act on the terminal or reorder the text, and still reads back as the same string.
struct JSONTextTests {
    static let hostile = "a\u{1B}]52;c;eA==\u{07}b\u{9B}2J\u{85}c\u{202E}d\u{2066}e\u{200F}f\u{7F}g é€ \u{2028}"
    static let escaped = #""a\u001b]52;c;eA==\u0007b\u009b2J\u0085c\u202ed\u2066e\u200ff\u007fg é€ \#u{2028}""#

    @Test func theWriterEscapesC1BidiAndDEL() throws {
        var json = JSONWriter()
        json.string(Self.hostile)
        #expect(json.string == Self.escaped)
        #expect(try JSONDecoder().decode(String.self, from: Data(json.bytes)) == Self.hostile)
    }

    @Test func encoderOutputIsEscapedTheSameWay() throws {
        let encoded = try JSONEncoder().encode([Self.hostile])
        let safe = JSONText.escapingInvisibles(encoded)
        #expect(String(decoding: safe, as: UTF8.self).lowercased() == "[" + Self.escaped.lowercased() + "]")
        #expect(try JSONDecoder().decode([String].self, from: safe) == [Self.hostile])
        // Nothing to escape: the same bytes.
        let plain = try JSONEncoder().encode(["é€ \u{2028} \u{C0}"])
        #expect(JSONText.escapingInvisibles(plain) == plain)
    }
}
