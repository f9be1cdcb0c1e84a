import Foundation

/// Where a command's text goes: a file descriptor for the real process, memory in tests.
public struct OutputSink: Sendable {
    private let sink: @Sendable (String) -> Void

    public init(_ write: @escaping @Sendable (String) -> Void) {
        sink = write
    }

    /// Writes `text` as it is (no newline added).
    public func write(_ text: String) { sink(text) }

    /// Writes to `fd` with `write(2)`, retrying short writes and `EINTR`; stops quietly when the
    /// reader has gone (a closed pipe), as `print` would have.
    public static func fileDescriptor(_ fd: Int32) -> OutputSink {
        OutputSink { text in
            var text = text
            text.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { return }
                    offset += n
                }
            }
        }
    }
}
