#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CCurl

/// Collects one transfer's output; handed to libcurl's C callbacks as an unretained pointer, which
/// `CurlEasy.perform` keeps alive for the duration of the transfer.
final class CurlTransferSink {
    let limit: Int
    var body = Data()
    var headers: [HTTPHeaders.Field] = []
    var overflowed = false

    init(limit: Int) {
        self.limit = limit
    }

    static let writeBody: curl_write_callback = { buffer, size, count, context in
        let sink = Unmanaged<CurlTransferSink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard sink.body.count + length <= sink.limit else {
            sink.overflowed = true
            return 0  // makes libcurl abort with CURLE_WRITE_ERROR
        }
        if let buffer, length > 0 {
            sink.body.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: length)
        }
        return length
    }

    /// Receives raw header lines, including the status lines of interim (1xx) and proxy CONNECT
    /// responses, which restart the list so only the final response's headers remain.
    static let writeHeader: curl_write_callback = { buffer, size, count, context in
        let sink = Unmanaged<CurlTransferSink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let buffer, length > 0 else { return length }
        sink.receiveHeaderLine(String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self))
        return length
    }

    private func receiveHeaderLine(_ raw: String) {
        var line = Substring(raw)
        while let last = line.last, last == "\r\n" || last == "\n" || last == "\r" { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
        } else if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            headers[headers.count - 1].value += " " + Self.trimmed(line)  // obsolete line folding
        } else if let colon = line.firstIndex(of: ":") {
            headers.append(.init(name: String(line[..<colon]), value: Self.trimmed(line[line.index(after: colon)...])))
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isBlank($0) }), let end = text.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(text[start...end])
    }
}
