/// ISO 8601 with the author's own UTC offset (`2024-05-01T12:34:56+02:00`), the form `git log
/// --date=iso-strict` prints. Computed by hand into bytes: it runs twice per commit during ingest,
/// and Foundation's formatters (or string interpolation) allocate on every call.
public enum ISODate {
    public static func format(seconds: Int64, offsetMinutes: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        append(seconds: seconds, offsetMinutes: offsetMinutes, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(seconds: Int64, offsetMinutes: Int, to bytes: inout [UInt8]) {
        let local = seconds &+ Int64(offsetMinutes) * 60
        var days = local / 86_400
        var rem = local % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        if y < 0 { bytes.append(UInt8(ascii: "-")) }
        pad(y.magnitude, 4, &bytes)
        bytes.append(UInt8(ascii: "-"))
        pad(UInt64(m), 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        pad(UInt64(d), 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        pad(UInt64(rem / 3600), 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        pad(UInt64(rem % 3600 / 60), 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        pad(UInt64(rem % 60), 2, &bytes)
        bytes.append(offsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let off = UInt64(offsetMinutes.magnitude)
        pad(off / 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        pad(off % 60, 2, &bytes)
    }

    /// Howard Hinnant's days-to-civil algorithm.
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    @inline(__always)
    private static func pad(_ value: UInt64, _ width: Int, _ bytes: inout [UInt8]) {
        bytes.appendDecimal(value, minimumDigits: width)
    }
}
