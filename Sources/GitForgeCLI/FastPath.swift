import ArgumentParser
import GitForgeCore

extension GitForge {
    /// Runs the command lines hooks and editors run most — `ingest`, `hook <name> [--background | --detached]`,
    /// `status [--json]` and `show [<rev>] [--json] [--no-pager]` — past argument parsing: they run
    /// inside or right after `git commit` or on every cursor move, and swift-argument-parser's
    /// reflection costs ~2–3 ms in a static binary (every protocol-conformance lookup scans the whole
    /// Foundation and stdlib), a fifth of the run.
    /// - Returns: false for any other command line, which goes through the parser as usual.
    static func runFastPath(_ arguments: [String]) -> Bool {
        if arguments == ["ingest"] {
            return run { try IngestCommand.run(context, json: false) }
        }
        if arguments == ["status"] || arguments == ["status", "--json"] {
            return run { try StatusCommand.run(context, json: arguments.count == 2) }
        }
        if arguments.first == "show", let show = simpleShow(arguments.dropFirst()) {
            return run { try ShowCommand.run(context, rev: show.rev, json: show.json, color: nil, noPager: show.noPager) }
        }
        guard arguments.first == "hook", arguments.count == 2 || arguments.count == 3 else { return false }
        let name = arguments[1]
        guard !name.hasPrefix("-") else { return false }
        var mode = Hook.Mode.foreground
        if arguments.count == 3 {
            guard let flag = Hook.Mode(rawValue: arguments[2]), flag != .foreground else { return false }
            mode = flag
        }
        let status = Hook.perform(name: name, mode: mode)
        if status != 0 { exit(withError: ExitCode(status)) }
        return true
    }

    /// `show` with only `--json`, `--no-pager` and at most one revision that is not an option;
    /// anything else (help, `--color`, `--`, unknown flags) goes to the parser for its messages.
    private static func simpleShow(_ args: ArraySlice<String>) -> (rev: String, json: Bool, noPager: Bool)? {
        var rev: String?
        var json = false, noPager = false
        for arg in args {
            switch arg {
            case "--json" where !json: json = true
            case "--no-pager" where !noPager: noPager = true
            case _ where !arg.hasPrefix("-") && rev == nil: rev = arg
            default: return nil
            }
        }
        return (rev ?? "HEAD", json, noPager)
    }

    private static func run(_ body: () throws -> Void) -> Bool {
        do { try body() } catch { exit(gitStyle: error) }
        return true
    }
}
