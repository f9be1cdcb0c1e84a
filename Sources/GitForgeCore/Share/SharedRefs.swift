/// Where the shared cache lives in git (docs/sharing.md, "Ref layout").
public enum SharedRefs {
    /// The records: one JSON line per blob, in a notes tree with git's fanout.
    public static let cache = "refs/notes/forge-cache"
    /// One note per commit that belongs to a pull request, for `git log --notes=forge`.
    public static let notes = "refs/notes/forge"

    /// Where `git fetch` puts the remote's copies: a remote-tracking namespace, merged into the
    /// local refs by an import, never fetched over them (a forced fetch into a notes ref drops
    /// what only this clone has).
    public static func trackingCache(_ remote: String) -> String { "refs/notes/remotes/\(remote)/forge-cache" }
    public static func trackingNotes(_ remote: String) -> String { "refs/notes/remotes/\(remote)/forge" }

    /// The one fetch refspec `install` adds: a glob, because an exact refspec makes every
    /// `git fetch` fail while the remote does not have the ref yet.
    public static func fetchRefspec(_ remote: String) -> String {
        "+refs/notes/forge*:refs/notes/remotes/\(remote)/forge*"
    }

    /// A remote name git accepts in a ref name and that cannot smuggle a glob or an option.
    static func isPlainRemoteName(_ remote: String) -> Bool {
        !remote.isEmpty && !remote.hasPrefix("-") && !remote.contains("..")
            && remote.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"*?[\\:^~".unicodeScalars.contains($0) }
    }
}
