import Foundation

/// The `git-forge` executable built beside the test bundle (SwiftPM builds every product before
/// running tests), so CLI tests run the real binary end to end.
public enum GitForgeBinary {
    public static var path: String {
        if let override = ProcessInfo.processInfo.environment["GIT_FORGE_BIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test executable sits at .build/<triple>/debug/<name>.xctest on Linux.
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("git-forge").path),
              dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("git-forge").path
    }
}

extension GitFixture {
    /// Runs `git-forge` with `args` in the repository (or `directory`).
    public func forge(_ args: String..., env: [String: String] = [:], directory: URL? = nil,
                      input: Data? = nil) throws -> Output {
        try run(GitForgeBinary.path, args, input: input, env: env, directory: directory)
    }
}
