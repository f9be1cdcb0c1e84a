import CGit2
import Glibc

/// An open repository, found the way git finds it: from the current directory upwards, honouring
/// `GIT_DIR`, `GIT_WORK_TREE` and `GIT_CEILING_DIRECTORIES` (libgit2's `GIT_REPOSITORY_OPEN_FROM_ENV`).
public final class Repository: @unchecked Sendable {
    let handle: OpaquePointer
    /// Set inside `writingOnePack`: new blobs go straight to this in-memory pack.
    var inMemoryPack: UnsafeMutablePointer<git_odb_backend>?
    /// Inside `writingOnePack`: what was written, for the pack.
    var newObjects: [ObjectID]?

    /// Opens the repository git itself would use from this process's environment and directory.
    /// - Throws: `GitError` when there is none (`isNotFound`) or it cannot be read.
    /// The corresponding libgit2 function is `git_repository_open_ext`.
    public static func discover() throws(GitError) -> Repository {
        LibGit2.ensureInitialized()
        // libgit2 1.5 refuses `GIT_WORK_TREE` ("unimplemented"), which git sets for hooks run by
        // `git --work-tree=…` (a bare "dotfiles" repository, say). It is hidden from libgit2 for
        // the call, then applied as git applies it. Changing the environment is safe here only
        // because a command discovers its repository at start, before any other thread runs.
        let workTree = Environment.value("GIT_WORK_TREE")
        if workTree != nil { unsetenv("GIT_WORK_TREE") }
        defer { if let workTree { setenv("GIT_WORK_TREE", workTree, 1) } }
        var repo: OpaquePointer?
        try check(
            git_repository_open_ext(&repo, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil),
            "open repository")
        let repository = Repository(handle: repo!)
        if let workTree, !workTree.isEmpty {
            try check(git_repository_set_workdir(repo, workTree, 0), "use GIT_WORK_TREE '\(workTree)'")
        }
        return repository
    }

    /// Opens the repository at `path` exactly (no upward search); tests and tools use it.
    public static func open(at path: String) throws(GitError) -> Repository {
        LibGit2.ensureInitialized()
        var repo: OpaquePointer?
        try check(git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
                  "open repository '\(path)'")
        return Repository(handle: repo!)
    }

    private init(handle: OpaquePointer) { self.handle = handle }
    deinit { git_repository_free(handle) }

    /// The directory shared by all linked worktrees (`git rev-parse --git-common-dir`), with a
    /// trailing slash removed.
    public var commonDirectory: String {
        Self.trimmed(String(cString: git_repository_commondir(handle)))
    }

    /// This worktree's own git directory (`git rev-parse --git-dir`).
    public var gitDirectory: String { Self.trimmed(String(cString: git_repository_path(handle))) }

    public var workingDirectory: String? {
        git_repository_workdir(handle).map { Self.trimmed(String(cString: $0)) }
    }

    public var isBare: Bool { git_repository_is_bare(handle) == 1 }
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
    public var isHeadUnborn: Bool { git_repository_head_unborn(handle) == 1 }

    /// The repository's configuration as git reads it, `git -c` overrides included.
    public func config() throws(GitError) -> GitConfig {
        var live: OpaquePointer?
        try check(git_repository_config(&live, handle), "read configuration")
        defer { git_config_free(live) }
        try useGitsConfigFiles(live!)
        var cfg: OpaquePointer?
        try check(git_config_snapshot(&cfg, live), "read configuration")
        return GitConfig(snapshot: cfg!, overrides: .fromEnvironment())
    }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
