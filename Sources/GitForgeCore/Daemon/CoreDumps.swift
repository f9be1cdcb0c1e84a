import Foundation

/// Keeps the detached resolver's memory, which holds the forge token, out of core files and away
/// from other processes of the same user: no core file (`RLIMIT_CORE` 0, soft and hard, so
/// nothing in the process can raise it again) and not dumpable (`PR_SET_DUMPABLE` 0, which also
/// covers a `core_pattern` pipe to a crash collector, which ignores `RLIMIT_CORE`, and makes
/// `/proc/<pid>/mem` and `environ` readable by root only).
///
/// The resolver runs for minutes in the background, unwatched; a crash there should cost a log
/// line, not a copy of the token on disk.
enum CoreDumps {
    /// glibc's `PR_SET_DUMPABLE` and `PR_GET_DUMPABLE` (linux/prctl.h).
    private static let setDumpable: Int32 = 4
    private static let getDumpable: Int32 = 3

    private typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32

    /// `prctl` is variadic in C, so Swift does not import it: it is looked up at run time, as
    /// `DetachedProcess` looks up `posix_spawn_file_actions_addclosefrom_np`. With only integer
    /// arguments, the fixed-argument call is the same on every Linux ABI Swift supports.
    private static let prctl: Prctl? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return nil }
        return unsafeBitCast(symbol, to: Prctl.self)
        #else
        return nil
        #endif
    }()

    /// Turns core dumps off for this process for good.
    /// - Returns: false when either call failed (the resolver runs anyway).
    ///
    /// The corresponding C functions are `setrlimit(RLIMIT_CORE)` and `prctl(PR_SET_DUMPABLE)`.
    @discardableResult
    static func disable() -> Bool {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
        let limited = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0
        #else
        let limited = setrlimit(RLIMIT_CORE, &limit) == 0
        #endif
        guard let prctl else { return limited }
        return prctl(setDumpable, 0, 0, 0, 0) == 0 && limited
    }

    /// Whether the kernel would dump this process (`PR_GET_DUMPABLE`); nil where unknown.
    static var isDumpable: Bool? {
        guard let prctl else { return nil }
        let value = prctl(getDumpable, 0, 0, 0, 0)
        return value < 0 ? nil : value != 0
    }
}
