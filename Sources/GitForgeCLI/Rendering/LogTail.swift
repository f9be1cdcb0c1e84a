import Foundation
import GitForgeCore

/// `sync --log [--follow]`: the end of `resolver.log`, then (following) whatever is appended,
/// across rotations.
enum LogTail {
    static func print(_ path: String, follow: Bool, lines: Int = 40) {
        let tail = ResolverLog.tail(path, lines: lines)
        if tail.isEmpty && !follow {
            Swift.print("The resolver has not written a log yet (\(path)).")
            return
        }
        tail.forEach { Swift.print($0) }
        guard follow else { return }
        fflush(nil)
        var offset = size(path)
        var inode = self.inode(path)
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
            FileHandle.standardOutput.write(data)
            offset += off_t(data.count)
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
