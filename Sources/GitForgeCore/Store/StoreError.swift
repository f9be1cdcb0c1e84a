import Foundation

/// Store failures a user can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case filesystem(path: String, errno: Int32)
    case newerSchema(path: String)
    case database(String)
    case corrupt(path: String)
    /// `forge/` is a symbolic link, not a directory, or another user's.
    case unsafeDirectory(path: String, reason: String)

    public var description: String {
        switch self {
        case let .filesystem(path, code):
            "cannot write '\(path)': \(String(cString: strerror(code)))"
        case let .newerSchema(path):
            "the store '\(path)' was written by a newer git-forge; upgrade git-forge (or remove the store to start over)"
        case let .database(message):
            message
        case let .corrupt(path):
            "the store '\(path)' is corrupt"
        case let .unsafeDirectory(path, reason):
            "'\(path)' \(reason); git forge keeps its store only in a directory of your own (move it away and run the command again)"
        }
    }
}
