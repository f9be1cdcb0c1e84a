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
            t git forge sh; t git forge show --c; t git forge show topic-; t git forge sync --f; t git forge uninstall --
            t git forge pr --j; t git forge prs topic-; t git forge prs main..topic-; t git forge browse --n; t git forge br
            t git forge pub; t git forge publish --n
            """
        let out = try repo.run("/bin/bash", ["-c", script])
        #expect(out.stdout.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.prefix(12)
                == ["show", "--color=", "topic-branch", "--foreground  --follow", "--purge  --help",
                    "--json", "topic-branch", "main..topic-branch", "--no-browser", "browse", "publish", "--no-push"])
    }

    @Test func bashCompletesLogAndBlame() throws {
        let gitCompletion = "/usr/share/bash-completion/completions/git"
        guard FileManager.default.fileExists(atPath: gitCompletion) else { return }
        let repo = try GitFixture()
        try Data("x\n".utf8).write(to: repo.root.appendingPathComponent("notes.txt"))
        try repo.git("add", "notes.txt")
        try repo.commit("one")
        try repo.git("branch", "topic-branch")
        let script = """
            source \(gitCompletion)
            source '\(Self.completions.appendingPathComponent("git-forge.bash").path)'
            t() { COMP_WORDS=("$@"); COMP_CWORD=$(($#-1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
                  COMPREPLY=(); __git_wrap__git_main; echo "${COMPREPLY[*]}"; }
            t git forge lo; t git forge log --m; t git forge log main..top; t git forge log -- not
            t git forge blame no; t git forge blame notes.txt top; t git forge blame --j
            """
        let out = try repo.run("/bin/bash", ["-c", script])
        #expect(out.stdout.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.prefix(7)
                == ["log", "--max-count=", "main..topic-branch", "notes.txt", "notes.txt", "topic-branch", "--json"])
    }

    @Test func zshAndFishFilesOfferEveryCommand() throws {
        for file in ["_git-forge", "git-forge.fish", "git-forge.bash"] {
            let text = try String(contentsOf: Self.completions.appendingPathComponent(file), encoding: .utf8)
            for command in ["show", "log", "blame", "pr", "issue", "prs", "browse", "status", "sync", "ingest", "install",
                            "uninstall", "publish", "fetch", "no-push"] {
                #expect(text.contains(command), "\(file) lacks \(command)")
            }
        }
        let zsh = try String(contentsOf: Self.completions.appendingPathComponent("_git-forge"), encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef git-forge\n"))
    }

    /// Beside the man pages' parity (ManPageTests): every long flag a command accepts is offered.
    @Test func everyAcceptedFlagIsCompleted() throws {
        let files = try ["_git-forge", "git-forge.fish", "git-forge.bash"].map {
            ($0, try String(contentsOf: Self.completions.appendingPathComponent($0), encoding: .utf8))
        }
        for (page, flags) in try ManPageTests.acceptedOptions() where page != "git-forge" {
            for flag in flags where flag.hasPrefix("--") && flag != "--version" {
                let name = flag.dropFirst(2)
                for (file, text) in files {
                    let spelled = file.hasSuffix(".fish") ? "-l \(name)" : String(flag)
                    #expect(text.contains(spelled), "\(file) does not complete \(page.dropFirst(10)) \(flag)")
                }
            }
        }
    }
}
