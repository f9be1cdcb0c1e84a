import Foundation

/// Someone else who owns the hooks directory: install explains and prints the line to add to
/// their configuration rather than writing behind their back (`--force` writes anyway).
public enum HookOwner: Sendable, Equatable {
    /// `core.hooksPath` set in the user's or the system's configuration: every repository's hooks.
    case globalHooksPath(String)
    case husky
    case lefthook(config: String)
    case preCommit

    /// The line for a shell hook: it passes the hook's own name, and never fails the hook.
    public static let shellLine = #"git forge hook "$(basename "$0")" >/dev/null 2>&1 || true"#

    /// Finds the manager of `hooks` for a repository whose working tree is `workTree`.
    public static func detect(hooks: HooksDirectory, workTree: String?) -> HookOwner? {
        if hooks.origin == .globalHooksPath { return .globalHooksPath(hooks.path) }
        guard let workTree else { return nil }
        let fm = FileManager.default
        // husky is active only while core.hooksPath points into its directory (`.husky`, or
        // `.husky/_` since v9). A `.husky/` folder alone (a fresh clone before `npm install`, or
        // core.hooksPath set elsewhere) leaves git running the hooks this path names, not husky's.
        let husky = workTree + "/.husky"
        if hooks.path == husky || hooks.path.hasPrefix(husky + "/") { return .husky }
        for name in ["lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml", "lefthook.toml", "lefthook.json"]
        where fm.fileExists(atPath: workTree + "/" + name) {
            return .lefthook(config: name)
        }
        if fm.fileExists(atPath: workTree + "/.pre-commit-config.yaml") { return .preCommit }
        return nil
    }

    /// Why install did not write, in one line.
    public var reason: String {
        switch self {
        case let .globalHooksPath(path):
            "core.hooksPath is set in your global configuration: '\(path)' serves every repository"
        case .husky: "husky manages this repository's hooks (.husky/)"
        case let .lefthook(config): "lefthook manages this repository's hooks (\(config))"
        case .preCommit: "pre-commit manages this repository's hooks (.pre-commit-config.yaml)"
        }
    }

    /// What to add, and where: the last line is the one to copy.
    public var advice: [String] {
        let hooks = HookScripts.names
        switch self {
        case let .globalHooksPath(path):
            return ["add this line to \(hooks.map { "\(path)/\($0)" }.joined(separator: ", ")):",
                    "  " + Self.shellLine]
        case .husky:
            return ["add this line to \(hooks.map { ".husky/\($0)" }.joined(separator: ", ")):",
                    "  " + Self.shellLine]
        case let .lefthook(config):
            return ["add this line to \(config) (merge it into an existing entry of the same hook), one per hook:"]
                + hooks.map { "  \($0): {commands: {git-forge: {run: git forge hook \($0)}}}" }
        case .preCommit:
            return ["add this line under `repos:` in .pre-commit-config.yaml, then run",
                    "`pre-commit install \(hooks.map { "--hook-type \($0)" }.joined(separator: " "))`:",
                    "  - {repo: local, hooks: [{id: git-forge, name: git forge, entry: git forge hook post-commit, "
                        + "language: system, always_run: true, pass_filenames: false, "
                        + "stages: [\(hooks.joined(separator: ", "))]}]}"]
        }
    }
}
