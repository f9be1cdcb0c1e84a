import Foundation
import GitForgeTestSupport

/// `git-forge-testforge`: the test forge as a process, for `make demo` and the benchmarks. Not
/// installed. Prints the API root to use as `forge.apiUrl` on the first line of stdout, then
/// serves until killed (SIGTERM/SIGINT) or until stdin closes when `--until-eof` is given.
///
///     git-forge-testforge [--flavor github|gitlab|gitea] [--repo owner/name] [--count N]
///                         [--missing-every K] [--token T] [--associate SHA=N]... [--until-eof]
let usage = "usage: git-forge-testforge [--flavor github|gitlab|gitea] [--repo owner/name] [--count N] [--missing-every K] [--token T] [--associate SHA=N]... [--until-eof]"

var flavor = FakeForge.Flavor.github
var repo = "o/r"
var count = 100
var missingEvery = 10
var token: String?
var associations: [(String, Int)] = []
var untilEOF = false

var args = CommandLine.arguments.dropFirst().makeIterator()
@MainActor func value(_ name: String) -> String {
    guard let v = args.next() else { fail("\(name) needs a value") }
    return v
}
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("error: \(message)\n\(usage)\n".utf8))
    exit(1)
}
while let arg = args.next() {
    switch arg {
    case "--flavor": flavor = FakeForge.Flavor(rawValue: value(arg)) ?? { fail("unknown flavor") }()
    case "--repo": repo = value(arg)
    case "--count": count = Int(value(arg)) ?? { fail("--count takes a number") }()
    case "--missing-every": missingEvery = Int(value(arg)) ?? { fail("--missing-every takes a number") }()
    case "--token": token = value(arg)
    case "--associate":
        let pair = value(arg).split(separator: "=")
        guard pair.count == 2, let n = Int(pair[1]) else { fail("--associate takes SHA=NUMBER") }
        associations.append((String(pair[0]), n))
    case "--until-eof": untilEOF = true
    case "-h", "--help":
        print(usage)
        exit(0)
    default: fail("unknown argument '\(arg)'")
    }
}

do {
    let forge = try FakeForge(flavor, token: token, historyLimit: 0)
    forge.add(repo: repo, items: FakeForgeItem.generate(count: count, missingEvery: missingEvery))
    for (sha, number) in associations { forge.associate(sha: sha, pulls: [number]) }
    FileHandle.standardOutput.write(Data((forge.apiURL + "\n").utf8))
    signal(SIGTERM) { _ in exit(0) }
    signal(SIGINT) { _ in exit(0) }
    if untilEOF {
        _ = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        while true { pause() }
    }
    forge.stop()
} catch {
    fail("cannot start the test forge: \(error)")
}
