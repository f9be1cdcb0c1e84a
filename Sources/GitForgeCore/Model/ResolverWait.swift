import Foundation

/// A wait the resolver is sitting through (a rate limit, a backoff, a spread quota), said when it
/// starts: `sync --foreground` prints it, the daemon logs it, and it is kept in the store while
/// it lasts so `status` shows it for a background resolver.
public struct ResolverWait: Sendable, Equatable {
    public var until: Date
    /// "rate limited until 10:42 (HTTP 429, Retry-After 120 s)", "forge not answering, retry 3 of 4 in 4 s (…)".
    public var text: String

    public init(until: Date, text: String) {
        self.until = until
        self.text = text
    }

    /// `meta`'s form: `<until, Unix seconds> <text>`.
    init?(meta: String) {
        guard let space = meta.firstIndex(of: " "), let seconds = Double(meta[..<space]) else { return nil }
        until = Date(timeIntervalSince1970: seconds)
        text = String(meta[meta.index(after: space)...])
    }

    var meta: String { "\(until.timeIntervalSince1970) \(text)" }

    static let key = MetaKey.resolverWait.rawValue

    /// `HH:MM` in local time, as the user reads a clock; with the date when it is not today.
    public static func clock(_ date: Date, now: Date = Date()) -> String {
        guard date.timeIntervalSince1970.isFinite, abs(date.timeIntervalSince(now)) < 1e10 else { return "\(date.timeIntervalSince1970)" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = Calendar.current.isDate(date, inSameDayAs: now) ? "HH:mm" : "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
