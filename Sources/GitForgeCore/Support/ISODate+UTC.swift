/// The one form `--json` gives forge and store times: `2025-03-01T19:41:25Z`, UTC, whole seconds.
/// Forges write their times each their own way (GitHub `…Z`, GitLab `….123Z`, Gitea `…+01:00`),
/// and a script comparing two of them as strings must not have to parse all three.
extension ISODate {
    public static func utc(seconds: Int64) -> String {
        var text = format(seconds: seconds, offsetMinutes: 0)
        text.removeLast(6)
        return text + "Z"
    }

    /// `text` (RFC 3339: fractional seconds, `Z` or `±hh:mm`) in UTC as `utc(seconds:)` writes it;
    /// text that is not such a time is returned unchanged rather than lost.
    public static func utc(_ text: String) -> String {
        seconds(text).map { utc(seconds: $0) } ?? text
    }

    /// Unix seconds of an RFC 3339 time, or nil.
    static func seconds(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= b.count else { return nil }
            var n: Int64 = 0
            for byte in b[from..<from + count] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return n
        }
        guard b.count >= 20, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let y = digits(0, 4), let mo = digits(5, 2), let d = digits(8, 2),
              let h = digits(11, 2), let mi = digits(14, 2), let s = digits(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
        }
        guard i < b.count else { return nil }
        var offset: Int64 = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
        } else {
            guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), i + 6 == b.count, b[i + 3] == UInt8(ascii: ":"),
                  let oh = digits(i + 1, 2), let om = digits(i + 4, 2) else { return nil }
            offset = (oh * 60 + om) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        return days(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s - offset * 60
    }

    /// Howard Hinnant's days-from-civil algorithm.
    private static func days(year y0: Int64, month m: Int64, day d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
