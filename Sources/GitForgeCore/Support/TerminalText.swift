/// Makes text from strangers (forge titles, labels, logins, commit messages) safe to print on a
/// terminal. Every C0 control character, DEL and C1 control is shown in `cat -v` notation (`^[`,
/// `^?`, `M-^[`), so ESC/CSI sequences, OSC 8 hyperlinks and OSC 52 clipboard writes, BEL,
/// backspace and carriage return cannot move the cursor, retitle the window or hide text; the
/// bidirectional overrides that reorder what is displayed are shown as `<U+202E>`.
public enum TerminalText {
    /// - Parameter keepNewlines: true for multi-line text (a commit body); tabs become spaces.
    public static func neutralize(_ text: String, keepNewlines: Bool = false) -> String {
        // Printable ASCII, most subjects and titles, is checked on its bytes: decoding scalars
        // was a fifth of rendering a whole history's lines.
        let printable = text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        if printable == true { return text }
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepNewlines) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar, keepNewlines) else { out.append(scalar); continue }
            let v = scalar.value
            switch v {
            case 0x09: out.append(" ")
            case 0x00...0x1F, 0x7F: out.append(contentsOf: "^\(Unicode.Scalar(UInt8(v ^ 0x40)))".unicodeScalars)
            case 0x80...0x9F: out.append(contentsOf: "M-^\(Unicode.Scalar(UInt8((v - 0x80) ^ 0x40)))".unicodeScalars)
            default:
                let hex = String(v, radix: 16, uppercase: true)
                out.append(contentsOf: "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)>".unicodeScalars)
            }
        }
        return String(out)
    }

    private static func needsEscape(_ s: Unicode.Scalar, _ keepNewlines: Bool) -> Bool {
        switch s.value {
        case 0x0A: !keepNewlines
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
