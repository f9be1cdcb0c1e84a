import Foundation

/// The `git` program, for what libgit2 does not do, or does much slower (rename following,
/// blame): its standard output handed over in chunks as it arrives, its standard error kept for
/// the message.
enum GitProcess {
    struct Failure: Error, CustomStringConvertible, Sendable {
        var status: Int32
        var stderr: String
        /// git's own message, `fatal: ` and `error: ` taken off, first line only: the caller
        /// prints it as its own one `error:` line.
        var description: String {
            var line = stderr.split(separator: "\n").first.map(String.init) ?? "git exited with status \(status)"
            for prefix in ["fatal: ", "error: "] where line.hasPrefix(prefix) { line.removeFirst(prefix.count) }
            return line
        }
    }

    /// Runs `git <arguments>` in the current directory with this process's environment.
    /// - Parameter output: called with each chunk of standard output, in order.
    /// - Throws: `Failure` when git exits non-zero; errors `output` throws.
    static func run(_ arguments: [String], output: (UnsafeRawBufferPointer) throws -> Void) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let fd = out.fileHandleForReading.fileDescriptor
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: (any Error)?
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            if failure == nil {
                do { try buffer.withUnsafeBytes { try output(UnsafeRawBufferPointer(rebasing: $0[0..<n])) } }
                catch { failure = error }  // keep draining so git is not killed by SIGPIPE mid-write
            }
        }
        group.wait()
        process.waitUntilExit()
        if let failure { throw failure }
        guard process.terminationStatus == 0 else {
            throw Failure(status: process.terminationStatus, stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// Standard output's lines.
    static func lines(_ arguments: [String]) throws -> [String] {
        var data: [UInt8] = []
        try run(arguments) { data.append(contentsOf: $0) }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
