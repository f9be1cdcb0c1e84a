import Foundation
import GitForgeCore
import GRDB
import GitForgeTestSupport

/// What the reliability suites share: whether the real forge resolver is built in, root-only
/// fault injection (tmpfs mounts), and a look at every live git-forge process.
enum Reliability {
    /// The package root, found from this file's path (tests run from the checkout).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// True once the forge resolver (issue 4) is part of the build: its settings checks
    /// (`forge.apiUrl`, `forge.paceMs`, …) and its forge-detection errors exist only then.
    static let resolverBuiltIn: Bool = FileManager.default.fileExists(
        atPath: packageRoot.appendingPathComponent("Sources/GitForgeCore/Resolver/ResolverSettings.swift").path)

    /// Mounting a tmpfs needs CAP_SYS_ADMIN, which root in a container may lack: tried once on a
    /// scratch directory. The fault tests that need a mount skip without it.
    static let canMount: Bool = {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("git-forge-mount-probe-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard (try? mountTmpfs(probe, kilobytes: 64)) != nil else { return false }
        unmount(probe)
        return true
    }()

    /// Mounts a tmpfs of `kilobytes` at `path` (created 0700), read-only if asked.
    static func mountTmpfs(_ path: String, kilobytes: Int, readOnly: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0700" + (readOnly ? ",ro" : ""), "tmpfs", path])
    }

    /// Makes an existing directory read-only in place (a read-only bind mount over itself), so
    /// even root cannot write into it.
    static func bindReadOnly(_ path: String) throws {
        try run("/bin/mount", ["--bind", path, path])
        try run("/bin/mount", ["-o", "remount,bind,ro", path])
    }

    static func remount(_ path: String, options: String) throws {
        try run("/bin/mount", ["-o", "remount," + options, path])
    }

    static func unmount(_ path: String) {
        _ = try? run("/bin/umount", ["-l", path])
    }

    private static func run(_ tool: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw FixtureError.failed("\(tool) \(args.joined(separator: " ")) exited \(p.terminationStatus)")
        }
    }

    /// Live (not zombie) git-forge processes of this build, with their argv as the kernel shows it.
    static func forgeProcesses() -> [(pid: Int32, cmdline: [UInt8])] {
        let fm = FileManager.default
        var found: [(Int32, [UInt8])] = []
        for entry in (try? fm.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry),
                  (try? fm.destinationOfSymbolicLink(atPath: "/proc/\(entry)/exe")) == GitForgeBinary.path,
                  let cmdline = fm.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            found.append((pid, Array(cmdline)))
        }
        return found
    }

    /// Mode bits of a path (without the file type).
    static func mode(_ path: String) -> mode_t {
        var st = stat()
        guard lstat(path, &st) == 0 else { return 0 }
        return st.st_mode & 0o7777
    }
}

extension GitFixture {
    /// A throwaway directory beside the repository (removed with the fixture).
    var scratch: URL { root.deletingLastPathComponent() }

    /// The store's database opened directly (WAL, with a busy timeout like the store's own).
    func database() throws -> DatabaseQueue {
        var config = Configuration()
        config.busyMode = .timeout(10)
        return try DatabaseQueue(path: forgeDirectory + "/forge.db", configuration: config)
    }
}
