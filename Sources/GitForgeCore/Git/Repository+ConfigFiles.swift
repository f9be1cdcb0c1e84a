import CGit2

extension Repository {
    /// Makes the repository's configuration the files git reads, where libgit2 1.5 reads others:
    /// it ignores `GIT_CONFIG_GLOBAL`, `GIT_CONFIG_SYSTEM` and `GIT_CONFIG_NOSYSTEM`, and a linked
    /// worktree's own `config.worktree` (`extensions.worktreeConfig`). Without this, `install`
    /// would write hooks where git never looks and `forge.enabled=false` set there would be
    /// ignored. Each replaces the level libgit2 chose, as in git; the usual case (none of them)
    /// costs one lookup.
    /// The corresponding libgit2 function is `git_config_add_file_ondisk`.
    func useGitsConfigFiles(_ config: OpaquePointer) throws(GitError) {
        if let global = Environment.value("GIT_CONFIG_GLOBAL") {
            try replace(config, level: GIT_CONFIG_LEVEL_GLOBAL, with: global)
            try replace(config, level: GIT_CONFIG_LEVEL_XDG, with: "")
        }
        if Environment.value("GIT_CONFIG_NOSYSTEM").flatMap(GitConfig.bool(spelled:)) == true {
            try replace(config, level: GIT_CONFIG_LEVEL_SYSTEM, with: "")
        } else if let system = Environment.value("GIT_CONFIG_SYSTEM") {
            try replace(config, level: GIT_CONFIG_LEVEL_SYSTEM, with: system)
        }
        var enabled: Int32 = 0
        if git_config_get_bool(&enabled, config, "extensions.worktreeconfig") == 0, enabled != 0 {
            // Above the repository's own file, as in git; libgit2 1.5 has no level of its own
            // for it, and nothing else is added at the application level.
            try replace(config, level: GIT_CONFIG_LEVEL_APP, with: gitDirectory + "/config.worktree")
        }
    }

    /// An empty path stands for no file, as `GIT_CONFIG_GLOBAL=` does in git.
    private func replace(_ config: OpaquePointer, level: git_config_level_t, with path: String) throws(GitError) {
        try check(git_config_add_file_ondisk(config, path.isEmpty ? "/dev/null" : path, level, handle, 1),
                  "read configuration file '\(path)'")
    }
}
