/// Options whose value git lets you leave out, and the value that then means: `--color` alone is
/// `--color=always`, as in `git show --color`. argument-parser has no optional option values, so
/// the bare spelling is completed before parsing. As in git, a value must then be attached with
/// `=`: in `--color never`, `never` is the revision.
enum OptionalValues {
    static let defaults = ["--color": "always"]

    static func expand(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                result += arguments[index...]
                break
            }
            result.append(defaults[argument].map { "\(argument)=\($0)" } ?? argument)
        }
        return result
    }
}
