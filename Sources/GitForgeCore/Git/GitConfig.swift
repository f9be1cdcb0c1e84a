import CGit2

/// Configuration as git reads it: libgit2's snapshot of system, global, repository and worktree
/// files, overlaid by `git -c key=value` (which git passes to child processes such as `git forge`
/// in `GIT_CONFIG_PARAMETERS` and `GIT_CONFIG_COUNT`; libgit2 does not read them).
public final class GitConfig: @unchecked Sendable {
    let snapshot: OpaquePointer?
    private let overrides: ConfigOverrides

    init(snapshot: OpaquePointer?, overrides: ConfigOverrides) {
        self.snapshot = snapshot
        self.overrides = overrides
    }

    /// Configuration with no repository (outside one): global and system files plus `-c`.
    public static func global() -> GitConfig {
        LibGit2.ensureInitialized()
        var cfg: OpaquePointer?
        var snap: OpaquePointer?
        if git_config_open_default(&cfg) == 0 {
            defer { git_config_free(cfg) }
            if git_config_snapshot(&snap, cfg) != 0 { snap = nil }
        }
        return GitConfig(snapshot: snap, overrides: .fromEnvironment())
    }

    /// Overrides only, for tests.
    public static func inMemory(_ values: [String: String]) -> GitConfig {
        GitConfig(snapshot: nil, overrides: ConfigOverrides(values.map { ($0.key, $0.value) }))
    }

    deinit { if let snapshot { git_config_free(snapshot) } }

    /// The last value of `key`, `-c` first. The corresponding libgit2 function is
    /// `git_config_get_string`.
    public func string(_ key: String) -> String? {
        if let value = overrides.last(key) { return value }
        guard let snapshot else { return nil }
        var out: UnsafePointer<CChar>?
        guard git_config_get_string(&out, snapshot, key) == 0, let out else { return nil }
        return String(cString: out)
    }

    /// A boolean as git spells them (`true/yes/on/1`, `false/no/off/0`, and a bare `-c key`).
    /// - Throws: `ConfigError.invalid` for any other spelling, as git does.
    public func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let raw = string(key) else { return nil }
        if raw.isEmpty { return true }  // a bare `-c key`
        guard let value = Self.bool(spelled: raw) else { throw .invalid(key: key, value: raw, expected: "a boolean") }
        return value
    }

    /// `raw` as git spells a boolean, in configuration and in its environment; nil for any other.
    static func bool(spelled raw: String) -> Bool? {
        switch raw.lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }

    /// An integer with git's optional k/m/g suffix.
    /// - Throws: `ConfigError.invalid` when it is not a number.
    public func int(_ key: String) throws(ConfigError) -> Int? {
        guard let raw = string(key)?.trimmingSpaces else { return nil }
        var digits = Substring(raw)
        var scale = 1
        switch digits.last?.lowercased() {
        case "k": scale = 1024
        case "m": scale = 1024 * 1024
        case "g": scale = 1024 * 1024 * 1024
        default: break
        }
        if scale != 1 { digits = digits.dropLast() }
        guard let value = Int(digits) else { throw .invalid(key: key, value: raw, expected: "an integer") }
        return value * scale
    }

    /// Whether a non-empty `credential.helper`, or a `credential.<url>.helper` that may apply to
    /// `https://<host>`, is set. Without one, `git credential fill` with prompts disabled can only
    /// fail, so `status` asks this instead of starting git (~40 ms on its hot path).
    /// A `<url>` is ruled out only when it plainly names another scheme or host (git's urlmatch
    /// also allows `*.` wildcards, ports, users and paths: those count as applying).
    public func hasCredentialHelper(forHost host: String) -> Bool {
        func applies(_ key: String, _ value: String) -> Bool {
            let lower = key.lowercased()
            guard !value.isEmpty, lower.hasPrefix("credential."), lower.hasSuffix(".helper") else { return false }
            guard lower != "credential.helper" else { return true }
            let url = lower.dropFirst("credential.".count).dropLast(".helper".count)
            guard let scheme = url.range(of: "://") else { return true }
            if url[..<scheme.lowerBound] != "https" { return false }
            let authority = url[scheme.upperBound...].prefix { $0 != "/" }
            let hostPart = authority.split(separator: "@").last.map { $0.prefix { $0 != ":" } } ?? ""
            return hostPart.contains("*") || hostPart == host.lowercased()
        }
        if overrides.keys.contains(where: { applies($0, overrides.last($0) ?? "") }) { return true }
        guard let snapshot else { return false }
        var iterator: OpaquePointer?
        guard git_config_iterator_glob_new(&iterator, snapshot, "^credential\\..*helper$") == 0 else { return false }
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let entry {
            let value = entry.pointee.value.map { String(cString: $0) } ?? ""
            if applies(String(cString: entry.pointee.name), value) { return true }
        }
        return false
    }

    /// Remote names that have any `remote.<name>.*` key, in first-seen order.
    public func remoteNames() -> [String] {
        var names: [String] = []
        func add(_ key: String) {
            guard key.hasPrefix("remote."), let dot = key.lastIndex(of: "."),
                  dot > key.index(key.startIndex, offsetBy: 7) else { return }
            let name = String(key[key.index(key.startIndex, offsetBy: 7)..<dot])
            if !names.contains(name) { names.append(name) }
        }
        if let snapshot {
            var iterator: OpaquePointer?
            if git_config_iterator_glob_new(&iterator, snapshot, "^remote\\..*\\.") == 0 {
                defer { git_config_iterator_free(iterator) }
                var entry: UnsafeMutablePointer<git_config_entry>?
                while git_config_next(&entry, iterator) == 0, let entry {
                    add(String(cString: entry.pointee.name))
                }
            }
        }
        overrides.keys.forEach(add)
        return names
    }
}

public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(key: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .invalid(key, value, expected):
            "bad config value '\(value)' for '\(key)': expected \(expected)"
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
