#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which URLs the client may contact, and how they are shown in errors.
///
/// Checked for the first URL and again for every redirect target, before libcurl connects, so a
/// server can never steer a token onto plain HTTP across the network.
enum URLPolicy {
    /// Scheme, host and port: credentials are only replayed to the same origin.
    struct Origin: Equatable {
        var scheme: String
        var host: String
        var port: Int

        init?(_ url: URL) {
            guard let scheme = url.scheme?.lowercased(), let host = URLPolicy.host(of: url) else { return nil }
            self.scheme = scheme
            self.host = host.lowercased()
            self.port = url.port ?? (scheme == "https" ? 443 : 80)
        }
    }

    static func check(_ url: URL, method: HTTPMethod) throws(HTTPError) {
        let operation = describe(method, url)
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw HTTPError(kind: .invalidURL, operation: operation,
                            message: "only https:// URLs are supported (http:// for loopback hosts)")
        }
        guard let host = host(of: url), !host.isEmpty else {
            throw HTTPError(kind: .invalidURL, operation: operation, message: "the URL has no host")
        }
        if scheme == "http", !isLoopback(host) {
            throw HTTPError(kind: .insecureURL, operation: operation,
                            message: "refusing plain http:// to \(host): use https:// (http:// is only allowed for 127.0.0.0/8, ::1 and localhost)")
        }
    }

    /// Loopback by address, or the name `localhost`, which libcurl resolves itself (never via DNS).
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in
                bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1
            }
        }
        return false
    }

    /// "GET https://host:port/path": no user-info or query, which may hold credentials.
    static func describe(_ method: HTTPMethod, _ url: URL) -> String {
        "\(method.isValid ? method.rawValue : "<invalid method>") \(redacted(url))"
    }

    static func redacted(_ url: URL) -> String {
        guard let scheme = url.scheme, let host = host(of: url) else { return "<malformed URL>" }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(shownHost)\(port)\(url.path(percentEncoded: true))"
    }

    /// The host without IPv6 brackets, whichever way Foundation reports it.
    static func host(of url: URL) -> String? {
        guard var host = url.host(percentEncoded: false) else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }
}
