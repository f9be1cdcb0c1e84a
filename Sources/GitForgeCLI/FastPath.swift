import ArgumentParser
import GitForgeCore

extension GitForge {
    /// Runs the command lines hooks and editors run most — `ingest`, `hook <name> [--background | --detached]`,
    /// `status [--json]`, `show [<rev>] [--json] [--no-pager]`, `pr|issue <n> [--json] [--no-pager]` and plain
    /// `log` forms — past argument parsing: they run
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
        if arguments.first == "pr" || arguments.first == "issue", let item = simpleItem(arguments.dropFirst()) {
            return run {
                try ItemCommand.run(context, arguments.first == "pr" ? .pull : .issue, number: item.number, json: item.json,
                                    color: nil, noPager: item.noPager)
            }
        }
        if arguments.first == "log", let log = simpleLog(arguments.dropFirst()) {
            return run {
                Log.exitKeeping(try LogCommand.run(context, revisions: log.revisions, paths: log.paths, maxCount: log.maxCount,
                                                   json: log.json, color: nil, noPager: log.noPager))
            }
        }
        guard arguments.first == "hook", arguments.count == 2 || arguments.count == 3 else { return false }
        let name = arguments[1]
        guard !name.hasPrefix("-") else { return false }
        var mode = HookCommand.Mode.foreground
        if arguments.count == 3 {
            guard let flag = HookCommand.Mode(rawValue: arguments[2]), flag != .foreground else { return false }
            mode = flag
        }
        let status = HookCommand.run(context, name: name, mode: mode)
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

    /// `pr`/`issue` with a valid number and only `--json`, `--no-pager`; anything else (a bad
    /// number's usage error included) goes to the parser.
    private static func simpleItem(_ args: ArraySlice<String>) -> (number: Int, json: Bool, noPager: Bool)? {
        var number: Int?
        var json = false, noPager = false
        for arg in args {
            switch arg {
            case "--json" where !json: json = true
            case "--no-pager" where !noPager: noPager = true
            case _ where number == nil && !arg.hasPrefix("-"):
                guard let n = try? ItemOptions.parse(arg, kind: "") else { return nil }
                number = n
            default: return nil
            }
        }
        return number.map { ($0, json, noPager) }
    }

    /// `log` with revisions, `-n <N>` / `--max-count=<N>` (digits only), `--json`,
    /// `--no-pager` and `-- <path>…`; anything else (a bad count, `--color`, help) goes to the
    /// parser for its messages.
    private static func simpleLog(_ args: ArraySlice<String>)
        -> (revisions: [String], paths: [String]?, maxCount: Int?, json: Bool, noPager: Bool)? {
        var revisions: [String] = []
        var maxCount: Int?, json = false, noPager = false
        var rest = args
        func count(_ text: Substring) -> Int? {
            text.isEmpty || text.count > 9 || !text.allSatisfy({ $0.isASCII && $0.isNumber }) ? nil : Int(text)
        }
        while let arg = rest.popFirst() {
            switch arg {
            case "--": return (revisions, Array(rest), maxCount, json, noPager)
            case "--json" where !json: json = true
            case "--no-pager" where !noPager: noPager = true
            case "-n" where maxCount == nil:
                guard let next = rest.popFirst(), let n = count(next[...]) else { return nil }
                maxCount = n
            case _ where arg.hasPrefix("--max-count=") && maxCount == nil:
                guard let n = count(arg.dropFirst("--max-count=".count)) else { return nil }
                maxCount = n
            case _ where !arg.hasPrefix("-"): revisions.append(arg)
            default: return nil
            }
        }
        return (revisions, nil, maxCount, json, noPager)
    }

    private static func run(_ body: () throws -> Void) -> Bool {
        do { try body() } catch { exit(gitStyle: error) }
        return true
    }
}
