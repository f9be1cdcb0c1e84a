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
}
