import Foundation

/// `git -c` values handed down by git. Both spellings are read: `GIT_CONFIG_PARAMETERS`
/// (shell-quoted `'key'='value'` words, or the older `'key=value'`) and the numbered
/// `GIT_CONFIG_COUNT` / `GIT_CONFIG_KEY_<n>` / `GIT_CONFIG_VALUE_<n>` of `git --config-env`
/// and scripts. Later entries win, as in git.
struct ConfigOverrides: Sendable {
    private var entries: [(key: String, value: String)]

    init(_ entries: [(String, String)]) {
        self.entries = entries.map { (Self.normalize($0.0), $0.1) }
    }

    var keys: [String] { entries.map(\.key) }

    func last(_ key: String) -> String? {
        let wanted = Self.normalize(key)
        return entries.last(where: { $0.key == wanted })?.value
    }

    static func fromEnvironment(_ env: [String: String]) -> ConfigOverrides { fromEnvironment { env[$0] } }

    static func fromEnvironment(_ env: (String) -> String? = Environment.value) -> ConfigOverrides {
        var pairs: [(String, String)] = []
        if let params = env("GIT_CONFIG_PARAMETERS") { pairs += parseParameters(params) }
        if let count = env("GIT_CONFIG_COUNT").flatMap(Int.init), count > 0 {
            for i in 0..<count {
                guard let key = env("GIT_CONFIG_KEY_\(i)") else { continue }
                pairs.append((key, env("GIT_CONFIG_VALUE_\(i)") ?? ""))
            }
        }
        return ConfigOverrides(pairs)
    }

    /// Splits git's sq-quoted list. A word is quoted pieces (`'...'`, with `\'` between pieces
    /// for a literal quote); `=` outside quotes separates key from value.
    static func parseParameters(_ text: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var chars = Substring(text)
        func piece() -> String? {
            guard chars.first == "'" else { return nil }
            chars.removeFirst()
            var out = ""
            while let c = chars.first {
                chars.removeFirst()
                if c == "'" {
                    if chars.hasPrefix("\\''") { chars.removeFirst(3); out.append("'"); continue }
                    return out
                }
                out.append(c)
            }
            return out
        }
        while true {
            while let c = chars.first, c == " " { chars.removeFirst() }
            guard let key = piece() else { break }
            if chars.first == "=" {
                chars.removeFirst()
                result.append((key, piece() ?? ""))
            } else if let eq = key.firstIndex(of: "=") {
                result.append((String(key[..<eq]), String(key[key.index(after: eq)...])))
            } else {
                result.append((key, ""))
            }
        }
        return result
    }

    /// Section and variable names are case-insensitive; a subsection (`remote.Origin.url`) is not.
    static func normalize(_ key: String) -> String {
        guard let first = key.firstIndex(of: "."), let last = key.lastIndex(of: ".") else {
            return key.lowercased()
        }
        let section = key[..<first].lowercased()
        let name = key[key.index(after: last)...].lowercased()
        if first == last { return "\(section).\(name)" }
        return "\(section).\(key[key.index(after: first)..<last]).\(name)"
    }
}
