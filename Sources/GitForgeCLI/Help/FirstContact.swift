import ArgumentParser

/// What `git forge` alone prints: what to do first, the commands in the order a user meets them,
/// and where to read more, spelled as git spells it (`git help <command>`).
enum FirstContact {
    /// Commands a newcomer meets, first to last. A command not named here (a newer one) is listed
    /// after `show`, among the commands that read the cache.
    static let order = ["install", "show", "status", "sync", "ingest", "publish", "fetch", "uninstall"]

    static func text(for subcommands: [ParsableCommand.Type]) -> String {
        let visible = subcommands.filter { $0.configuration.shouldDisplay }
        let known = order.compactMap { name in visible.first { $0._commandName == name } }
        let newer = visible.filter { !order.contains($0._commandName) }
        let split = known.firstIndex { $0._commandName == "show" }.map { $0 + 1 } ?? known.count
        let listed = Array(known[..<split]) + newer + known[split...]
        let width = (listed.map { $0._commandName.count }.max() ?? 0) + 3
        let rows = listed.map { command in
            let name = command._commandName
            return "   " + name + String(repeating: " ", count: width - name.count) + command.configuration.abstract
        }
        return """
            usage: git forge [--version] [--help] <command> [<args>]

            \(GitForge.configuration.abstract)

            Start in a repository with 'git forge install': it installs the hooks, reads the history
            and starts resolving its pull requests and issues in the background.

            Commands, in the order you will need them:
            \(rows.joined(separator: "\n"))

            See 'git forge help <command>' or 'git help forge-<command>' to read about a command,
            and 'git forge <command> -h' for its usage.

            """
    }
}
