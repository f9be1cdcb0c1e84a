@testable import GitForgeCore

/// Text that looks like a reference but must yield nothing, on every forge. Each trap sits in
/// a realistic message so the surrounding text is exercised too.
extension ReferenceParseCase {
    static let traps: [(name: String, message: String)] = [
        ("C preprocessor", "Fix build on musl\n\n#include <stdio.h>\n#define MAX 10\n#if 1\n#endif"),
        ("hex colours", "Tweak palette\n\nbody { color: #fff; background: #a1b2c3; border: 1px solid #123abc; }"),
        ("all-digit colour with leading zero", "Use #007 blue and #0000 for borders"),
        ("C# and F#", "Port the C# and F# bindings\n\nNeeds C#7 or newer."),
        ("markdown headings", "# Title\n\n## 2. Setup\n### 3 Usage"),
        ("shebang", "#!/bin/sh\nset -e"),
        ("plain numbers", "Bump version for issue 123 and PR 45\n\nSee ticket 99."),
        ("numbers inside foreign URLs", "Links\n\nhttps://example.com/page#123\nhttp://example.org/issues/5\nhttps://example.net/a/b/pull/6?x=(#7)"),
        ("HTML entities", "Escape &#123; and &#x41; in templates"),
        ("zero", "#0 is reserved"),
        ("numbers beyond 32 bits", "See #99999999999 and #2147483648 and #123456789012345678901234567890"),
        ("word before the sigil", "foo#12 bar_#13 version#2 issue#3"),
        ("paths before the sigil", "See docs/#12, ./#13 and ../x#14"),
        ("email-ish", "Contact a#1@b for access"),
        ("tilde", "Approximately ~#5 items"),
        ("sigil alone", "Use # and ## and #-1 and # 5"),
        ("trailing sigil at end of text", "Ends with a hash #"),
        ("hash in code identifiers", "Call obj#method and Class#42x and #12_000"),
    ]

    static let falsePositives: [ReferenceParseCase] = ForgeType.allCases.flatMap { forge in
        traps.map { ReferenceParseCase("trap: \($0.name)", forge, $0.message, []) }
    }
}
