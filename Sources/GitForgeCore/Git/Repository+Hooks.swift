import CGit2
import Foundation

/// Where git looks for hooks, and who decided it.
public struct HooksDirectory: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        /// `<git-common-dir>/hooks`, shared by every linked worktree.
        case repository
        /// `core.hooksPath` from the repository's own configuration.
        case localHooksPath
        /// `core.hooksPath` from the user's or the system's configuration: it serves every
        /// repository, so writing into it is not this repository's business.
        case globalHooksPath
    }

    public var path: String
    public var origin: Origin
}

extension Repository {
    /// The directory `git rev-parse --git-path hooks` names: `core.hooksPath` when set (`~/`
    /// expanded; a relative path is relative to the working tree, or to the git directory in a bare
    /// repository, where git runs hooks), else the common directory's `hooks`.
    /// The corresponding libgit2 function is `git_repository_item_path` (which ignores
    /// `core.hooksPath`, hence the configuration lookup first).
    public func hooksDirectory(config: GitConfig) throws(GitError) -> HooksDirectory {
        if let configured = config.string("core.hooksPath"), !configured.isEmpty {
            var path = configured
            if path.hasPrefix("~/") {
                let home = Environment.value("HOME") ?? NSHomeDirectory()
                path = home + path.dropFirst()
            } else if !path.hasPrefix("/") {
                path = (workingDirectory ?? gitDirectory) + "/" + path
            }
            let level = config.level(of: "core.hooksPath")
            let local = level.map { $0 >= GIT_CONFIG_LEVEL_LOCAL.rawValue } ?? true
            return HooksDirectory(path: Self.normalized(path), origin: local ? .localHooksPath : .globalHooksPath)
        }
        var buf = git_buf()
        defer { git_buf_dispose(&buf) }
        try check(git_repository_item_path(&buf, handle, GIT_REPOSITORY_ITEM_HOOKS), "find the hooks directory")
        return HooksDirectory(path: Self.normalized(String(cString: buf.ptr)), origin: .repository)
    }

    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}

extension GitConfig {
    /// The configuration level (`GIT_CONFIG_LEVEL_*`) the winning value of `key` came from, or nil
    /// when it is unset or comes from `git -c`.
    /// The corresponding libgit2 function is `git_config_get_entry`.
    func level(of key: String) -> Int32? {
        guard let snapshot else { return nil }
        var entry: UnsafeMutablePointer<git_config_entry>?
        guard git_config_get_entry(&entry, snapshot, key) == 0, let entry else { return nil }
        defer { git_config_entry_free(entry) }
        return entry.pointee.level.rawValue
    }
}
