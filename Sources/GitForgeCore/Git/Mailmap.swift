import CGit2

/// The repository's `.mailmap` (and `mailmap.file` / `mailmap.blob`), so `show` prints the names
/// `git show` prints rather than whatever spelling a commit carries.
public final class Mailmap: @unchecked Sendable {
    private let handle: OpaquePointer

    init(repository: Repository) throws(GitError) {
        var mm: OpaquePointer?
        try check(git_mailmap_from_repository(&mm, repository.handle), "read mailmap")
        handle = mm!
    }

    deinit { git_mailmap_free(handle) }

    /// The canonical name and email for an identity; unchanged when no entry matches.
    /// The corresponding libgit2 function is `git_mailmap_resolve`.
    public func resolve(name: String, email: String) -> (name: String, email: String) {
        name.withCString { n in
            email.withCString { e in
                var realName: UnsafePointer<CChar>?
                var realEmail: UnsafePointer<CChar>?
                guard git_mailmap_resolve(&realName, &realEmail, handle, n, e) == 0,
                      let realName, let realEmail else { return (name, email) }
                // The results point into the mailmap or into our own arguments: copy them here.
                return (String(cString: realName), String(cString: realEmail))
            }
        }
    }
}

extension Repository {
    public func mailmap() throws(GitError) -> Mailmap { try Mailmap(repository: self) }
}
