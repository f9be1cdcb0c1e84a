import CGit2
import CGit2Startup

/// libgit2's global state, set up once per process before the first handle is made.
/// libgit2 reference-counts init/shutdown; git forge never shuts it down (the process exits).
enum LibGit2 {
    private static let initialized: Bool = {
        _ = gf_git2_startup_linked()
        return git_libgit2_init() > 0
    }()

    static func ensureInitialized() {
        precondition(initialized, "git_libgit2_init failed")
    }
}
