import Foundation

/// `sync --log [--follow]`: the end of `resolver.log`, then (following) whatever is appended,
/// across rotations. Every line is neutralised as `show` neutralises forge text: the log quotes
/// forge answers, and one written before they were neutralised (or by hand) may hold escapes.
enum LogTail {
    /// On `context`'s stdout; following, it never returns (Ctrl-C ends it).
    static func print(_ path: String, follow: Bool, lines: Int = 40, to context: CommandContext) {
        let tail = ResolverLog.tail(path, lines: lines)
        if tail.isEmpty && !follow {
            context.print("The resolver has not written a log yet (\(path)).")
            return
        }
        tail.forEach { context.print(TerminalText.neutralize($0)) }
        guard follow else { return }
        var offset = size(path)
        var inode = self.inode(path)
        var partial = Data()  // a line not yet ended: printed (and neutralised) whole
        while true {
            usleep(250_000)
            let current = self.inode(path)
            if current != inode { inode = current; offset = 0 }  // rotated: start the new file
            let end = size(path)
            if end < offset { offset = 0 }
            guard end > offset, let handle = FileHandle(forReadingAtPath: path) else { continue }
            handle.seek(toFileOffset: UInt64(offset))
            let data = handle.readData(ofLength: Int(end - offset))
            try? handle.close()
            offset += off_t(data.count)
            partial.append(data)
            guard let end = partial.lastIndex(of: 0x0A) else { continue }
            let complete = partial[..<end]
            partial = Data(partial[partial.index(after: end)...])
            for line in String(decoding: complete, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                context.print(TerminalText.neutralize(String(line)))
            }
        }
    }

    private static func size(_ path: String) -> off_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_size : 0
    }

    private static func inode(_ path: String) -> UInt64 {
        var st = stat()
        return stat(path, &st) == 0 ? UInt64(st.st_ino) : 0
    }
}
