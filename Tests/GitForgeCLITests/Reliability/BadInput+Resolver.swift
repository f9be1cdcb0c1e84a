import Foundation
import GitForgeTestSupport

/// Settings only the forge resolver reads: `git forge sync --foreground` must refuse them with
/// the key at fault, exit 1, before any request is made.
extension BadInput {
    static func config(_ pairs: [(String, String)]) -> @Sendable (GitFixture) throws -> Void {
        let pairs = pairs.map { [$0.0, $0.1] }
        return { repo in for pair in pairs { try repo.git("config", pair[0], pair[1]) } }
    }

    static let github = ("remote.origin.url", "https://github.com/octo/widgets.git")

    static func resolverCase(_ name: String, _ settings: [(String, String)], _ message: String) -> BadInput {
        BadInput(name: name, setup: config(settings), args: ["sync", "--foreground"], stderr: "error: \(message)\n")
    }

    static let resolver: [BadInput] = [
        resolverCase("no remote at all", [],
                     "cannot resolve references: no remote configured; add one with 'git remote add origin <url>'"),
        resolverCase("a remote with no URL", [("remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*")],
                     "cannot resolve references: remote 'origin' has no URL"),
        resolverCase("an unparseable remote URL", [("remote.origin.url", "/srv/git/widgets")],
                     "cannot resolve references: cannot tell a forge repository from remote 'origin' URL "
                        + "'/srv/git/widgets'; set 'git config forge.repo <owner/name>' and 'forge.type'"),
        resolverCase("an unknown forge host without forge.type", [("remote.origin.url", "https://git.corp.example/a/b")],
                     "cannot resolve references: unknown forge host 'git.corp.example'; "
                        + "set 'git config forge.type github|gitlab|gitea|forgejo'"),
        resolverCase("an unknown forge.type", [("remote.origin.url", "https://git.corp.example/a/b"),
                                               ("forge.type", "bitbucket")],
                     "cannot resolve references: unknown forge.type 'bitbucket'; expected github, gitlab, gitea or forgejo"),
        resolverCase("forge.repo without an owner", [github, ("forge.repo", "widgets")],
                     "cannot resolve references: forge.repo 'widgets' is not of the form <owner>/<name>"),
        resolverCase("forge.remote naming no remote", [github, ("forge.remote", "fork")],
                     "cannot resolve references: forge.remote is 'fork', but there is no such remote"),
        resolverCase("http:// forge.apiUrl on a non-loopback host", [github, ("forge.apiUrl", "http://api.example.com")],
                     "bad config value 'http://api.example.com' for 'forge.apiUrl': expected an https:// URL "
                        + "(plain http:// is only allowed for loopback addresses)"),
        resolverCase("forge.apiUrl that is not a URL", [github, ("forge.apiUrl", "api.github.com")],
                     "bad config value 'api.github.com' for 'forge.apiUrl': expected an https:// URL such as https://api.github.com"),
        resolverCase("negative forge.paceMs", [github, ("forge.paceMs", "-5")],
                     "bad config value '-5' for 'forge.paceMs': expected a non-negative whole number of milliseconds"),
        resolverCase("forge.paceMs not a number", [github, ("forge.paceMs", "fast")],
                     "bad config value 'fast' for 'forge.paceMs': expected a non-negative whole number of milliseconds"),
        resolverCase("forge.refreshAge not a duration", [github, ("forge.refreshAge", "soon")],
                     "bad config value 'soon' for 'forge.refreshAge': expected a duration such as 3600, 90s, 30m, 1h or 2d"),
    ]
}
