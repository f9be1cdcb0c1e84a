import Testing
@testable import GitForgeCore

struct TerminalTextTests {
    @Test(arguments: [
        ("plain title", "plain title"),
        ("\u{1B}]0;title\u{07}", "^[]0;title^G"),
        ("\u{1B}[2J", "^[[2J"),
        ("\u{1B}]8;;https://x\u{1B}\\a\u{1B}]8;;\u{1B}\\", "^[]8;;https://x^[\\a^[]8;;^[\\"),
        ("\u{1B}]52;c;ZXZpbA==\u{07}", "^[]52;c;ZXZpbA==^G"),
        ("back\u{08}\u{08}\rx\u{7F}", "back^H^H^Mx^?"),
        ("c1 \u{9B}2J \u{9D}0;t\u{9C}", "c1 M-^[2J M-^]0;tM-^\\"),
        ("tab\there", "tab here"),
        ("line\nbreak", "line^Jbreak"),
        ("rtl \u{202E}gnp.exe", "rtl <U+202E>gnp.exe"),
        ("Café ✓ 日本", "Café ✓ 日本"),
    ])
    func neutralizes(input: String, expected: String) {
        #expect(TerminalText.neutralize(input) == expected)
    }

    @Test func keepsNewlinesInMultiLineText() {
        #expect(TerminalText.neutralize("a\nb\u{1B}c", keepNewlines: true) == "a\nb^[c")
    }
}
