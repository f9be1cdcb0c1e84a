/// A parent commit the repository lacks outside a shallow clone's boundary: the repository is
/// damaged, and ingest stores nothing rather than a history with a hole in it.
public struct MissingParentError: Error, Equatable, Sendable, CustomStringConvertible {
    public let sha: String
    public let child: String

    public var description: String {
        "commit \(sha), a parent of \(child), is missing from the repository; 'git fsck' shows the damage"
    }
}
