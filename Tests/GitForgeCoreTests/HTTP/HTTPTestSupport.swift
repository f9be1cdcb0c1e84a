import Foundation
@testable import GitForgeCore
import GitForgeTestSupport

/// Shared fixtures for the HTTP tests.
enum HTTPTest {
    static let token = "ghp_s3cr3tTOKENvalue0123456789"

    static func client(_ configuration: CurlHTTPClient.Configuration = .init(timeout: .seconds(10)))
        -> CurlHTTPClient
    {
        CurlHTTPClient(version: "1.2.3-test", configuration: configuration)
    }

    static func get(_ url: URL, headers: HTTPHeaders = [:]) -> HTTPRequest {
        HTTPRequest(method: .get, url: url, headers: headers)
    }

    /// Runs `body` expecting an `HTTPError`; returns it with the elapsed time.
    static func failure(_ body: () throws(HTTPError) -> HTTPResponse) -> (error: HTTPError?, elapsed: Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try body()
            return (nil, start.duration(to: clock.now))
        } catch {
            return (error, start.duration(to: clock.now))
        }
    }

    /// gzip with "stored" (uncompressed) deflate blocks: a valid stream libcurl must decode,
    /// without needing zlib in the test target.
    static func gzip(_ data: Data) -> Data {
        let bytes = [UInt8](data)
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]
        var offset = 0
        repeat {
            let count = min(65_535, bytes.count - offset)
            out.append(offset + count == bytes.count ? 1 : 0)
            out += [UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += bytes[offset ..< offset + count]
            offset += count
        } while offset < bytes.count
        out += littleEndian(crc32(bytes)) + littleEndian(UInt32(truncatingIfNeeded: bytes.count))
        return Data(out)
    }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0 ..< 8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0 ..< 4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
