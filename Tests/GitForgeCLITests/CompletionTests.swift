import Foundation
import Testing
import GitForgeTestSupport

/// Completions as the shells load them: bash through git's own completion, which calls `_git_forge`.
struct CompletionTests {
    static let completions = ManPageTests.checkout.appendingPathComponent("completions")

    @Test func bashCompletesThroughGitsCompletion() throws {
        let gitCompletion = "/usr/share/bash-completion/completions/git"
        guard FileManager.default.fileExists(atPath: gitCompletion) else { return }
        let repo = try GitFixture()
        try repo.commit("one")
        try repo.git("branch", "topic-branch")
        let script = """
            source \(gitCompletion)
            source '\(Self.completions.appendingPathComponent("git-forge.bash").path)'
            t() { COMP_WORDS=("$@"); COMP_CWORD=$(($#-1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                  COMPREPLY=(); __git_wrap__git_main; echo "${COMPREPLY[*]}"; }
            t git forge sh; t git forge show --c; t git forge show topic-; t git forge sync --f; t git forge uninstall --; t git forge pub; t git forge publish --n
            """
        let out = try repo.run("/bin/bash", ["-c", script])
        #expect(out.stdout.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.prefix(7)
                == ["show", "--color=", "topic-branch", "--foreground  --follow", "--purge  --help", "publish", "--no-push"])
    }

    @Test func zshAndFishFilesOfferEveryCommand() throws {
        for file in ["_git-forge", "git-forge.fish", "git-forge.bash"] {
            let text = try String(contentsOf: Self.completions.appendingPathComponent(file), encoding: .utf8)
            for command in ["show", "status", "sync", "ingest", "install", "uninstall", "publish", "fetch", "no-push"] {
                #expect(text.contains(command), "\(file) lacks \(command)")
            }
        }
        let zsh = try String(contentsOf: Self.completions.appendingPathComponent("_git-forge"), encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef git-forge\n"))
    }
}
