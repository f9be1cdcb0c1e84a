import CCurl

/// The process-wide libcurl, loaded on first use so commands that never touch the network never
/// pay for loading it.
enum CurlLibrary {
    /// Loads libcurl once per process; later calls are cheap and report the same outcome.
    /// - Throws: `HTTPError` of kind `.libraryUnavailable`, whose message says what to install.
    static func load() throws(HTTPError) {
        var buffer = [CChar](repeating: 0, count: 1024)
        if gf_curl_load(&buffer, buffer.count) != 0 {
            throw HTTPError(kind: .libraryUnavailable, operation: "",
                            message: String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)),
                                             as: UTF8.self))
        }
    }

    /// The loaded libcurl's version string (e.g. "libcurl/7.88.1 OpenSSL/3.0.11 ..."), or nil
    /// when it is not loaded yet.
    static var version: String? {
        gf_curl_version().map { String(cString: $0) }
    }

    /// Tries the library at `path` without touching the process-wide state; returns the reason it
    /// cannot be used, or nil when it can. Lets tests exercise the "libcurl missing" path.
    static func probe(path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 1024)
        if gf_curl_probe(path, &buffer, buffer.count) == 0 { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
    }
}
