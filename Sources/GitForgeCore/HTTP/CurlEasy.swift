#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CCurl

/// One libcurl easy handle, reused for every transfer so libcurl's connection cache keeps
/// connections alive between requests.
///
/// Not thread-safe: `CurlHTTPClient` serializes access.
final class CurlEasy {
    /// What one transfer produced, before redirect handling.
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        /// The absolute target of a `Location` header, resolved by libcurl.
        var redirectURL: String?
    }

    private let handle: UnsafeMutableRawPointer
    /// libcurl writes its detailed message here; far more useful than `curl_easy_strerror`.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// - Throws: `.libraryUnavailable` when libcurl cannot be loaded, `.other` when it cannot
    ///   allocate a handle. The corresponding libcurl function is `curl_easy_init`.
    init() throws(HTTPError) {
        try CurlLibrary.load()
        guard let handle = gf_easy_init() else {
            throw HTTPError(kind: .other, operation: "", message: "curl_easy_init failed")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        gf_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Runs one transfer with exactly the options given: `curl_easy_reset` first, so nothing from
    /// the previous request (method, body, proxy) leaks into this one while live connections survive.
    func perform(_ request: HTTPRequest, _ settings: CurlHTTPClient.Configuration, userAgent: String)
        throws(HTTPError) -> Reply
    {
        let operation = URLPolicy.describe(request.method, request.url)
        gf_easy_reset(handle)
        errorBuffer[0] = 0

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { gf_slist_free_all(headerList) }
        try configure(request, settings, userAgent: userAgent, headerList: &headerList, operation: operation)

        let sink = CurlTransferSink(limit: settings.maxResponseBytes)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(gf_setopt_write_callback(handle, CurlTransferSink.writeBody, context), operation)
        try check(gf_setopt_header_callback(handle, CurlTransferSink.writeHeader, context), operation)

        let code = withExtendedLifetime(sink) { gf_easy_perform(handle) }
        if sink.overflowed {
            throw HTTPError(kind: .badResponse, operation: operation, curlCode: Int(code.rawValue),
                            message: "response body exceeds \(settings.maxResponseBytes) bytes")
        }
        try check(code, operation)

        var status = 0
        try check(gf_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status), operation)
        var location: UnsafePointer<CChar>? = nil
        _ = gf_getinfo_str(handle, CURLINFO_REDIRECT_URL, &location)
        return Reply(status: status, headers: HTTPHeaders(sink.headers), body: sink.body,
                     redirectURL: location.map { String(cString: $0) })
    }

    private func configure(
        _ request: HTTPRequest, _ settings: CurlHTTPClient.Configuration, userAgent: String,
        headerList: inout UnsafeMutablePointer<curl_slist>?, operation: String
    ) throws(HTTPError) {
        func set(_ option: CURLoption, _ value: Int) throws(HTTPError) {
            try check(gf_setopt_long(handle, option, value), operation)
        }
        func set(_ option: CURLoption, _ value: String) throws(HTTPError) {
            try check(gf_setopt_str(handle, option, value), operation)
        }

        try check(gf_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer), operation)
        try set(CURLOPT_URL, request.url.absoluteString)
        try check(gf_setopt_http_protocols_only(handle), operation)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_ACCEPT_ENCODING, "")
        // Verification is set on every transfer and has no off switch anywhere in the API.
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeout.milliseconds)
        try set(CURLOPT_TIMEOUT_MS, settings.timeout.milliseconds)
        try set(CURLOPT_LOW_SPEED_LIMIT, max(0, settings.lowSpeedLimit))
        try set(CURLOPT_LOW_SPEED_TIME, max(1, (settings.lowSpeedTime.milliseconds + 999) / 1000))
        try set(CURLOPT_USERAGENT, userAgent)
        if let caInfo = settings.caInfo { try set(CURLOPT_CAINFO, caInfo) }
        if let host = URLPolicy.host(of: request.url), URLPolicy.isLoopback(host) {
            // A proxy would carry a loopback request, token included, off this machine.
            try set(CURLOPT_NOPROXY, "*")
        } else if let proxy = settings.proxy {
            try set(CURLOPT_PROXY, proxy)  // "" is libcurl's "no proxy", overriding the environment
        }
        _ = gf_setopt_long(handle, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)  // absent before 7.54: harmless

        try setMethodAndBody(request, operation: operation)
        headerList = try makeHeaderList(request.headers, operation: operation)
        try check(gf_setopt_ptr(handle, CURLOPT_HTTPHEADER, headerList), operation)
    }

    private func setMethodAndBody(_ request: HTTPRequest, operation: String) throws(HTTPError) {
        // libcurl sends a custom method verbatim, so anything but a token could forge the request line.
        guard request.method.isValid else {
            throw HTTPError(kind: .other, operation: operation, message: "not a valid HTTP method")
        }
        switch request.method {
        case .get where request.body == nil:
            try check(gf_setopt_long(handle, CURLOPT_HTTPGET, 1), operation)
        case .head:
            try check(gf_setopt_long(handle, CURLOPT_NOBODY, 1), operation)
        default:
            if request.method != .post {
                try check(gf_setopt_str(handle, CURLOPT_CUSTOMREQUEST, request.method.rawValue), operation)
            }
            if request.method == .post || request.body != nil {
                let body = request.body ?? Data()
                // COPYPOSTFIELDS copies, so the body's lifetime is not tied to this call; the size
                // must be set first so bodies containing NUL are sent whole.
                try check(gf_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), operation)
                let code = body.withUnsafeBytes { raw in
                    raw.baseAddress.map { gf_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0)) }
                }
                try check(code ?? gf_setopt_str(handle, CURLOPT_COPYPOSTFIELDS, ""), operation)
            }
        }
    }

    /// Builds the curl_slist. Rejects CR/LF/NUL instead of sending them: they would split the header
    /// and let a stray newline in a token inject lines. The message names the header, never its value.
    private func makeHeaderList(_ headers: HTTPHeaders, operation: String)
        throws(HTTPError) -> UnsafeMutablePointer<curl_slist>?
    {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        var lines: [String] = []
        for field in headers {
            guard HTTPHeaders.isToken(field.name) else {
                throw HTTPError(kind: .invalidHeader, operation: operation,
                                message: "a header name is empty or contains characters not allowed in a name")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw HTTPError(kind: .invalidHeader, operation: operation,
                                message: "the value of header '\(field.name)' contains a line break or NUL")
            }
            // curl's syntax: "Name:" would delete the header, "Name;" sends it empty.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        // Never wait for "100 Continue": forge APIs answer directly and the wait costs a second.
        if !headers.contains("Expect") { lines.append("Expect:") }
        for line in lines {
            guard let extended = gf_slist_append(list, line) else {
                gf_slist_free_all(list)
                throw HTTPError(kind: .other, operation: operation, message: "out of memory building headers")
            }
            list = extended
        }
        return list
    }

    /// The one place a `CURLcode` becomes a throw.
    private func check(_ code: CURLcode, _ operation: String) throws(HTTPError) {
        guard code != CURLE_OK else { return }
        let detail = String(cString: errorBuffer)
        let message = detail.isEmpty ? String(cString: gf_easy_strerror(code)) : detail
        throw HTTPError(kind: HTTPError.Kind(code), operation: operation,
                        curlCode: Int(code.rawValue), message: message)
    }
}

extension Duration {
    /// Whole milliseconds, for libcurl's `long` millisecond options.
    fileprivate var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
