import Foundation

/// Progress of a long ingest on a terminal: `Reading commits: 412,000 of ~1,000,000  (98,000/s,
/// ETA 0m06s)`, redrawn in place at most ten times a second, once the run has taken a second.
/// A first `git forge install` on a large history takes that long; a hook's ingest (a few
/// commits), or one whose stderr is not a terminal (a hook's log, a pipe), prints nothing.
public final class IngestProgress: @unchecked Sendable {
    private let tty: Bool
    private let delay: Duration
    private let total: Int?
    private let write: (String) -> Void
    private let start = ContinuousClock.now
    private var lastDrawn: ContinuousClock.Instant?
    private var drew = false
    private var read = 0

    /// - Parameters:
    ///   - tty: whether stderr is a terminal (`isatty(STDERR_FILENO)`); without one, nothing is drawn.
    ///   - total: the commits expected, for the ETA (`commitGraphCount`), or nil for none.
    ///   - write: where the text goes (stderr).
    public init(tty: Bool, total: Int?, delay: Duration = .seconds(1), write: @escaping (String) -> Void) {
        self.tty = tty
        self.total = total
        self.delay = delay
        self.write = write
    }

    /// The commits read so far; called by the walk after each batch.
    func update(_ commits: Int) {
        read = commits
        guard tty else { return }
        let now = ContinuousClock.now
        if start.duration(to: now) < delay { return }
        if let lastDrawn, lastDrawn.duration(to: now) < .milliseconds(100) { return }
        lastDrawn = now
        draw()
    }

    /// Ends the line drawn, if any, with the final count.
    public func finish() {
        guard drew else { return }
        draw()
        write("\n")
    }

    private func draw() {
        let elapsed = Self.seconds(start.duration(to: .now))
        let rate = elapsed > 0 ? Double(read) / elapsed : 0
        var line = "\r\u{1B}[KReading commits: \(Self.grouped(read))"
        var details = ["\(Self.grouped(Int(rate)))/s"]
        if let total, total >= read {
            line += " of ~\(Self.grouped(total))"
            if rate > 0 { details.append("ETA \(Self.clock(Double(total - read) / rate))") }
        }
        write(line + "  (" + details.joined(separator: ", ") + ")")
        drew = true
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func grouped(_ n: Int) -> String {
        var digits = Array(String(n))
        var i = digits.count - 3
        while i > 0 {
            digits.insert(",", at: i)
            i -= 3
        }
        return String(digits)
    }

    private static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let mm = s % 3600 / 60, ss = s % 60
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600)h\(two(mm))m" : "\(mm)m\(two(ss))s"
    }

    /// The commits in the repository's commit-graph file (git writes one on `gc` and, by default,
    /// on `fetch`), read from its fan-out table: a total for the ETA without a walk. Nil when
    /// there is none (or it is split into a chain), and the progress shows no ETA.
    public static func commitGraphCount(objectsDirectory: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: objectsDirectory + "/info/commit-graph") else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 8), header.count == 8,
              header.starts(with: Array("CGPH".utf8)) else { return nil }
        let chunks = Int(header[header.startIndex + 6])
        guard let table = try? handle.read(upToCount: (chunks + 1) * 12), table.count == (chunks + 1) * 12 else { return nil }
        let bytes = [UInt8](table)
        func be(_ at: Int, _ n: Int) -> UInt64 { bytes[at..<at + n].reduce(0) { $0 << 8 | UInt64($1) } }
        for c in 0..<chunks where bytes[c * 12..<c * 12 + 4].elementsEqual(Array("OIDF".utf8)) {
            // The fan-out's last entry: how many commits have an id starting at or below 0xff.
            let offset = be(c * 12 + 4, 8) + 255 * 4
            guard (try? handle.seek(toOffset: offset)) != nil, let last = try? handle.read(upToCount: 4), last.count == 4
            else { return nil }
            return Int(last.reduce(0) { $0 << 8 | UInt32($1) })
        }
        return nil
    }
}
