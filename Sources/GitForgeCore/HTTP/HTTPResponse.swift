#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// Already decoded when the server used gzip/deflate content encoding.
    public var body: Data
    /// Where the response came from after redirects: relative `Link` URLs resolve against it.
    public var url: URL

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), url: URL) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
    }
}
