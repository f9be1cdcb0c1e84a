import Foundation

/// After a run stopped because the forge does not show the repository without a token: until
/// when hooks' resolvers leave the forge alone, and where that run's token came from ("none" for
/// no token). Without it every commit would spend a request or two of an unauthenticated quota
/// (60 an hour on GitHub) to learn the same thing. A token from elsewhere, or `git forge sync`,
/// tries again at once. Only the source's name is kept, never the token.
public struct TokenWait: Sendable, Equatable {
    public var until: Date
    public var source: String

    /// How long hooks wait before asking again with the same token source.
    static let interval: TimeInterval = 3600
    static let key = MetaKey.resolverTokenWait.rawValue

    /// The wait after a run with a token from `source` (nil: none) stopped `now`.
    init(after now: Date = Date(), source: String?) {
        until = now.addingTimeInterval(Self.interval)
        self.source = source ?? "none"
    }

    /// `meta`'s form: `<until, Unix seconds> <source>` (the source may contain spaces).
    init?(meta: String) {
        guard let space = meta.firstIndex(of: " "), let seconds = Int64(meta[..<space]) else { return nil }
        until = Date(timeIntervalSince1970: TimeInterval(seconds))
        source = String(meta[meta.index(after: space)...])
    }

    var meta: String { "\(Int64(until.timeIntervalSince1970)) \(source)" }

    /// Whether a run with a token from `source` (nil: none) should leave the forge alone now.
    func applies(to source: String?, now: Date = Date()) -> Bool {
        now < until && (source ?? "none") == self.source
    }
}

/// Thrown instead of a run by a resolver that honours a `TokenWait` (a hook's).
public struct ResolverWaitingForToken: Error, CustomStringConvertible {
    public let wait: TokenWait

    public var description: String {
        "waiting for a token: the forge did not show this repository to the last run (see 'git forge status'); "
            + "hooks ask again after \(ForgeTransport.iso(wait.until)), or at once with a token from another source; "
            + "'git forge sync' asks now"
    }
}
