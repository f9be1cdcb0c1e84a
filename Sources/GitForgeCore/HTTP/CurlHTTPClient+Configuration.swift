extension CurlHTTPClient {
    /// Transport settings. TLS verification is deliberately not among them: it is always on.
    public struct Configuration: Sendable {
        /// Time allowed to establish the connection, TLS handshake included.
        public var connectTimeout: Duration
        /// Time allowed for the whole transfer.
        public var timeout: Duration
        /// With `lowSpeedTime`: abort when fewer than this many bytes per second arrive for that
        /// long, so a server drip-feeding a response cannot hold the resolver for the full timeout.
        /// Waiting for the first byte counts too, so `lowSpeedTime` must exceed the forge's worst
        /// think time (GitHub gives up on GraphQL queries after 10 s). Rounded up to whole seconds.
        public var lowSpeedLimit: Int
        public var lowSpeedTime: Duration
        /// git config `http.proxy`, e.g. "http://proxy:3128". When nil, libcurl still honours
        /// `https_proxy`/`no_proxy`; "" turns proxies off, the environment's included.
        /// Never used for loopback URLs.
        public var proxy: String?
        /// git config `http.sslCAInfo`: a PEM bundle that replaces the system trust store.
        public var caInfo: String?
        public var maxRedirects: Int
        /// Larger bodies (counted after decompression) fail with `.badResponse` instead of
        /// exhausting memory. 32 MB by default: the largest answer the resolver asks for, a
        /// 100-item issue page with long bodies, is a few MB.
        public var maxResponseBytes: Int

        public init(
            connectTimeout: Duration = .seconds(10),
            timeout: Duration = .seconds(60),
            lowSpeedLimit: Int = 1024,
            lowSpeedTime: Duration = .seconds(20),
            proxy: String? = nil,
            caInfo: String? = nil,
            maxRedirects: Int = 5,
            maxResponseBytes: Int = 32 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.lowSpeedLimit = lowSpeedLimit
            self.lowSpeedTime = lowSpeedTime
            self.proxy = proxy
            self.caInfo = caInfo
            self.maxRedirects = maxRedirects
            self.maxResponseBytes = maxResponseBytes
        }
    }
}
