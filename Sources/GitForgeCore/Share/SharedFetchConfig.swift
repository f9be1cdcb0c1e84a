/// The fetch refspec `install` adds to the forge remote so that every `git fetch` and `git pull`
/// brings the shared cache, and `uninstall` takes out again (only that line, from every remote).
/// Written with `git config` itself: the repository's file, in git's own syntax.
public struct SharedFetchConfig {
    let git: GitRemoteCommand
    let config: GitConfig

    public init(repository: Repository, config: GitConfig) {
        git = GitRemoteCommand(repository: repository)
        self.config = config
    }

    /// Adds the refspec to `remote` unless it is there. Returns whether it was added.
    public func install(remote: String) throws -> Bool {
        try SharedCache.checkRemoteName(remote)
        let key = "remote.\(remote).fetch"
        if fetchSpecs(key).contains(SharedRefs.fetchRefspec(remote)) { return false }
        let result = git.run(["config", "--add", key, SharedRefs.fetchRefspec(remote)])
        guard result.status == 0 else { throw ShareError.git("git config --add \(key)", result.reason) }
        return true
    }

    /// Removes the refspec from every remote that has it. Returns the remotes changed.
    public func uninstall() throws -> [String] {
        var changed: [String] = []
        for remote in config.remoteNames() where SharedRefs.isPlainRemoteName(remote) {
            let key = "remote.\(remote).fetch"
            guard fetchSpecs(key).contains(SharedRefs.fetchRefspec(remote)) else { continue }
            let result = git.run(["config", "--fixed-value", "--unset-all", key, SharedRefs.fetchRefspec(remote)])
            guard result.status == 0 else { throw ShareError.git("git config --unset \(key)", result.reason) }
            changed.append(remote)
        }
        return changed
    }

    private func fetchSpecs(_ key: String) -> [String] {
        let result = git.run(["config", "--get-all", key])
        return result.status == 0 ? result.stdout.split(separator: "\n").map(String.init) : []
    }
}
