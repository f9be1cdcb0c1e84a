/// A remote URL split into the parts forge detection needs, from any spelling git accepts:
/// `https://host/owner/repo.git`, `ssh://git@host:22/owner/repo`, scp-like `git@host:owner/repo.git`,
/// `git://host/owner/repo`. Local paths and `file://` URLs name no forge and do not parse.
public struct RemoteURL: Equatable, Sendable {
    /// Lowercased host name, without user or port.
    public var host: String
    /// The repository path without leading/trailing slashes or `.git`: `owner/repo`, or
    /// `group/sub/project` on GitLab.
    public var path: String

    public init?(_ text: String) {
        var rest = Substring(text.trimmingSpaces)
        var authority: Substring
        // A scheme holds no colon, so "://" can only follow the first one. (Not Foundation's
        // `range(of:)`: its generic string search costs a conformance scan at every start.)
        if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
            let name = rest[..<colon].lowercased()
            guard ["http", "https", "ssh", "git", "git+ssh", "ssh+git"].contains(name) else { return nil }
            rest = rest[rest.index(colon, offsetBy: 3)...]
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = rest[..<slash]
            rest = rest[slash...]
            if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
            if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
                authority = authority[..<colon]
            }
        } else {
            // scp-like syntax: a colon before any slash, and not a Windows drive letter.
            guard let colon = rest.firstIndex(of: ":"),
                  !rest[..<colon].contains("/"), rest.distance(from: rest.startIndex, to: colon) > 1 else {
                return nil
            }
            authority = rest[..<colon]
            rest = rest[rest.index(after: colon)...]
        }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var path = rest
        while path.first == "/" { path.removeFirst() }
        while path.last == "/" { path.removeLast() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        while path.last == "/" { path.removeLast() }
        let segments = path.split(separator: "/")
        guard !authority.isEmpty, segments.count >= 2,
              !segments.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        host = authority.lowercased()
        self.path = Self.path(segments[...])
    }

    /// `segments` joined by slashes. Not `joined(separator:)`, which over substrings is not
    /// specialized: its first call looks a witness up by name, ~0.2 ms of every command that
    /// detects the forge.
    static func path(_ segments: ArraySlice<Substring>) -> String {
        var out = ""
        var first = true
        for segment in segments {
            if !first { out.append("/") }
            first = false
            out.append(contentsOf: segment)
        }
        return out
    }
}

extension RemoteURL {
    /// `text` without the user-info of a `scheme://user:secret@host/…` URL, for every place a
    /// remote URL (or `forge.apiUrl`) is shown, logged or kept: a password or token pasted into a
    /// clone URL must not follow it there. scp-like `git@host:path` keeps its user name, which
    /// holds no secret (a colon would end the host).
    public static func redacted(_ text: String) -> String {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return text }
        let start = text.index(colon, offsetBy: 3)
        let end = text[start...].firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? text.endIndex
        guard let at = text[start..<end].lastIndex(of: "@") else { return text }
        return String(text[..<start] + text[text.index(after: at)...])
    }
}
