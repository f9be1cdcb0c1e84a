/// The resolver's `git config` keys, read and checked once per run.
public struct ResolverSettings: Sendable, Equatable {
    public var forge: ForgeSettings
    public var endpoint: ForgeEndpoint
    /// `forge.paceMs`: the minimum gap between two requests.
    public var pace: Duration
    /// `forge.refreshAge` in seconds: open items older than this are read again.
    public var refreshAge: Int
    /// `forge.associateLimit`: commits asked one request each (GitLab, Gitea, GitHub without a token).
    public var associateLimit: Int
    /// git's `http.proxy` and `http.sslCAInfo`, which a git user already has set for this forge.
    public var httpProxy: String?
    public var caInfo: String?

    public static let defaultPaceMs = 750
    public static let defaultRefreshAge = 3600
    public static let defaultAssociateLimit = 500

    /// - Throws: `ResolverConfigError` naming the key at fault.
    public init(forge: ForgeSettings, config: GitConfig) throws(ResolverConfigError) {
        self.forge = forge
        endpoint = try ForgeEndpoint(settings: forge, override: config.string("forge.apiUrl"))
        let paceMs = try Self.nonNegative(config, "forge.paceMs", unit: "milliseconds") ?? Self.defaultPaceMs
        pace = .milliseconds(paceMs)
        if let raw = config.string("forge.refreshAge") {
            guard let seconds = Self.parseDuration(raw) else {
                throw .invalid(key: "forge.refreshAge", value: raw,
                               expected: "a duration such as 3600, 90s, 30m, 1h or 2d")
            }
            refreshAge = seconds
        } else {
            refreshAge = Self.defaultRefreshAge
        }
        associateLimit = try Self.nonNegative(config, "forge.associateLimit", unit: "commits") ?? Self.defaultAssociateLimit
        httpProxy = config.string("http.proxy")
        caInfo = config.string("http.sslCAInfo")
    }

    private static func nonNegative(_ config: GitConfig, _ key: String, unit: String) throws(ResolverConfigError) -> Int? {
        guard let raw = config.string(key) else { return nil }
        guard let value = Int(raw.trimmingSpaces), value >= 0 else {
            throw .invalid(key: key, value: raw, expected: "a non-negative whole number of \(unit)")
        }
        return value
    }

    /// Seconds from `3600`, `90s`, `30m`, `1h`, `2d`, `1w`, or spelled out git's way (`1.hour`,
    /// `2 days`, `30 minutes`). Nil for anything else or a negative amount.
    public static func parseDuration(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces.lowercased()
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let amount = Int(digits) else { return nil }
        var unit = Substring(trimmed.dropFirst(digits.count))
        while let first = unit.first, first == " " || first == "." { unit.removeFirst() }
        if unit == "ms" { return nil }
        if unit.hasSuffix("s"), unit.count > 1 { unit.removeLast() }
        let scale: Int
        switch unit {
        case "": scale = 1
        case "s", "sec", "second": scale = 1
        case "m", "min", "minute": scale = 60
        case "h", "hour": scale = 3600
        case "d", "day": scale = 86400
        case "w", "week": scale = 604_800
        default: return nil
        }
        let (value, overflow) = amount.multipliedReportingOverflow(by: scale)
        return overflow ? nil : value
    }
}
