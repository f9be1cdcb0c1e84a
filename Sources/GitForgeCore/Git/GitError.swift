import CGit2

/// A failed libgit2 call: the operation git forge attempted, libgit2's return code, and the message
/// libgit2 left in `git_error_last()` (which is thread-local, so it must be read right after the call).
public struct GitError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let code: Int32
    public let message: String

    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    public var isAmbiguous: Bool { code == GIT_EAMBIGUOUS.rawValue }

    public var description: String {
        message.isEmpty ? "\(operation) failed (\(code))" : "\(operation): \(message)"
    }

    init(operation: String, code: Int32, message: String? = nil) {
        self.operation = operation
        self.code = code
        if let message {
            self.message = message
        } else if let last = git_error_last(), let text = last.pointee.message {
            self.message = String(cString: text)
        } else {
            self.message = ""
        }
    }
}

/// Turns a libgit2 status into a throw; every raw call goes through here.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
    if code < 0 { throw GitError(operation: operation(), code: code) }
}
