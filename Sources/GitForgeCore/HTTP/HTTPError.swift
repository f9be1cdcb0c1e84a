/// A transport failure: the request got no usable HTTP response.
///
/// Built only from the method, a redacted URL and libcurl's own message, never from request
/// headers, because forge tokens travel in headers and errors end up in terminals and logs.
public struct HTTPError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, at the granularity a caller can act on.
    public enum Kind: Sendable, Hashable {
        /// libcurl could not be loaded; nothing network-related can work until it is installed.
        case libraryUnavailable
        /// The URL is malformed, has no host, or uses a scheme other than http/https.
        case invalidURL
        /// Plain http:// to a host that is not loopback: refused so tokens never cross the network
        /// unencrypted.
        case insecureURL
        /// A header name or value cannot be sent as-is (for example a token read with a trailing newline).
        case invalidHeader
        /// The server could not be reached or dropped the connection: DNS failure, refused, reset, proxy.
        case connectionFailed
        /// Connect timeout, total timeout, or a transfer slower than the low-speed limit.
        case timeout
        /// TLS handshake or certificate verification failed.
        case tls
        /// More redirects than the client follows, usually a loop.
        case tooManyRedirects
        /// A reply that is truncated, undecodable, malformed, or larger than the client accepts.
        case badResponse
        /// Any other libcurl failure (out of memory, internal error).
        case other
    }

    public var kind: Kind
    /// The method and URL, without user-info or query, e.g. "GET https://api.github.com/graphql".
    public var operation: String
    /// The raw `CURLcode`, when the failure came from libcurl.
    public var curlCode: Int?
    /// libcurl's detailed message or our own explanation.
    public var message: String

    public init(kind: Kind, operation: String, curlCode: Int? = nil, message: String) {
        self.kind = kind
        self.operation = operation
        self.curlCode = curlCode
        self.message = message
    }

    /// Worth retrying later without changing anything: the network or the server may recover.
    public var isTransient: Bool {
        switch kind {
        case .connectionFailed, .timeout, .badResponse: true
        default: false
        }
    }

    public var description: String {
        var text = operation.isEmpty ? "" : "\(operation): "
        text += "\(summary): \(message)"
        if let curlCode { text += " [curl \(curlCode)]" }
        return text
    }

    private var summary: String {
        switch kind {
        case .libraryUnavailable: "libcurl unavailable"
        case .invalidURL: "invalid URL"
        case .insecureURL: "insecure URL"
        case .invalidHeader: "invalid header"
        case .connectionFailed: "connection failed"
        case .timeout: "timed out"
        case .tls: "TLS failure"
        case .tooManyRedirects: "too many redirects"
        case .badResponse: "bad response"
        case .other: "request failed"
        }
    }
}
