import Foundation

/// Revisions that walk far (`HEAD~900000`, `:/message`) are resolved by `git rev-parse`.
///
/// Why: libgit2 1.5 reads every commit on the way, parsing each one whole and ignoring the
/// commit-graph; git reads the commit-graph that `git gc` and `git maintenance` write. On a
/// 25,000-commit history with one, `git rev-parse HEAD~22500` took 15 ms against libgit2's 229 ms
/// (bench/scale.sh). A short walk (`HEAD~3`, `main^2`) stays in-process: starting git costs a
/// millisecond or two, more than libgit2 spends on a couple of hundred commits.
extension Repository {
    /// Past this many parent steps git is asked (libgit2 ~10 µs a step, git's start-up ~2 ms).
    static let inProcessSteps = 200

    /// Whether resolving `spec` means walking more than `inProcessSteps` parents, or searching
    /// history by message (`:/text`, `main^{/text}`).
    static func walksFar(_ spec: String) -> Bool {
        if spec.hasPrefix(":/") || spec.contains("^{/") { return true }
        let bytes = Array(spec.utf8)
        var steps = 0
        var i = 0
        var braces = 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case UInt8(ascii: "{"): braces += 1
            case UInt8(ascii: "}"): braces = max(0, braces - 1)
            case UInt8(ascii: ":") where braces == 0:
                return steps > inProcessSteps  // `rev:path` names a tree entry
            case UInt8(ascii: "~") where braces == 0, UInt8(ascii: "^") where braces == 0:
                var n = 0
                var digits = 0
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9"), digits < 10 {
                    n = n * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                    digits += 1
                    i += 1
                }
                // `~N` walks N first parents; `^N` steps once, to the Nth parent; bare `~`, `^`: one.
                steps += byte == UInt8(ascii: "~") && digits > 0 ? n : 1
            default: break
            }
        }
        return steps > inProcessSteps
    }

    /// The commit `git rev-parse` finds for `spec`, or nil when git fails or names something else
    /// (the caller then asks libgit2, whose answer and messages are the ones `show` gives).
    func commitResolvedByGit(_ spec: String) -> CommitID? {
        guard let line = try? GitProcess.lines(["--git-dir=\(gitDirectory)", "rev-parse", "--verify", "--quiet",
                                                "--end-of-options", spec]).first,
              let id = ObjectID(hex: line), (try? objectDatabase())?.isCommit(id) == true else { return nil }
        return id.hex
    }
}
