/// The hook scripts `git forge install` writes, built from the package's `hooks/` folder by the
/// EmbedHooks plugin (`embedded` is generated), so the installed binary needs no source tree.
public enum HookScripts {
    /// The hooks git forge installs: the ones that fire when commits appear locally. A plain
    /// `git fetch` fires none; its commits are picked up by the next hook or `sync`.
    public static let names = ["post-commit", "post-merge", "post-rewrite", "post-checkout"]

    /// The script for `name`, exactly as in `hooks/<name>`.
    public static func script(_ name: String) -> String? { embedded[name] }

    /// Whether a hook file's contents were written by git forge (any version): the second line
    /// is our signature.
    public static func isOurs(_ contents: String, name: String) -> Bool {
        contents.hasPrefix("#!/bin/sh\n# git-forge \(name) hook, written by `git forge install`")
    }

    /// Whether `contents` is exactly a script some git forge wrote for `name`, this version's or
    /// an earlier one. An edited copy is neither: install and uninstall leave it alone rather
    /// than throw the user's lines away.
    public static func isUnedited(_ contents: String, name: String) -> Bool {
        contents == script(name) || earlierVersions.contains("\(name) \(digest(contents))")
    }

    /// Every earlier `hooks/<name>` git forge has written, as "<name> <digest>" (commit that
    /// replaced it). Changing a script adds the old text's line here: a test compares this set
    /// with the scripts in the repository's history.
    static let earlierVersions: Set<String> = [
        "post-checkout ed100f7b8404079f", "post-commit 3c25efc847a61a41",  // 8581f28
        "post-merge 15ac7e62a447b1a3", "post-rewrite c734bfcdcb70729b",
        "post-checkout 4dde072395e26f4b", "post-commit 6bda85d90667b7fd",  // fa69e8a
        "post-merge 636ca739647a5f2f", "post-rewrite 123c8adb03275a47",
        "post-checkout 4318a637dc84ca73", "post-commit 9a7b1891bab21e59",  // 139249f's, bash sourced
        "post-merge c35b0fc125f7d12f", "post-rewrite 3fc0e86e85cf201f",
    ]

    /// FNV-1a (64 bits) of the UTF-8 bytes, in hex: enough to recognise a known text, and the
    /// same in every process (Swift's `Hasher` is seeded per process).
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
