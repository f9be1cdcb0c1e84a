import Foundation

/// Starts this executable again, detached: a new session (no terminal, no job-control signals
/// from the shell git ran in), stdin from /dev/null, stdout and stderr appended to a log, and no
/// other inherited descriptor (a pipe held open by the child would make whoever reads the
/// parent's output wait for the whole resolver).
///
/// `posix_spawn` with `POSIX_SPAWN_SETSID` does it all in one call that is safe in a
/// multithreaded process (Swift's runtime and Dispatch start threads); `fork()` without an
/// immediate `exec` is not.
public enum DetachedProcess {
    /// - Returns: the child's PID.
    /// - Throws: `StoreError.filesystem` when the executable cannot be started.
    public static func spawn(arguments: [String], log: String) throws(StoreError) -> pid_t {
        let executable = currentExecutable()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o600)
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
        closeOthers(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A shell starts background jobs with SIGINT ignored, and ignored signals survive exec:
        // give the resolver default dispositions and an empty mask (it installs its own handlers).
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(setsidFlag | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw .filesystem(path: executable, errno: rc) }
        return pid
    }

    /// Detaches the calling process itself, when it can: a new session, an empty signal mask, and
    /// no descriptor but the standard three (which the hook script already pointed at /dev/null).
    /// - Returns: false when this process leads a process group (a person ran it from an
    ///   interactive shell) and must spawn a detached copy instead.
    public static func detachInPlace() -> Bool {
        guard setsid() != -1 else { return false }
        var empty = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, nil)
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > STDERR_FILENO { close(fd) }
        return true
    }

    #if os(Linux)
    /// glibc's value; Swift's Glibc module does not export the GNU-only constant.
    private static let setsidFlag: Int32 = 0x80
    #else
    private static let setsidFlag = Int32(POSIX_SPAWN_SETSID)
    #endif

    /// The running binary, so the child is the same version even if PATH changed.
    static func currentExecutable() -> String {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// Closes every descriptor above stderr in the child: glibc ≥ 2.34's
    /// `posix_spawn_file_actions_addclosefrom_np` (looked up at run time: Swift does not see
    /// the GNU declaration), else each descriptor open now.
    private static func closeOthers(_ actions: inout posix_spawn_file_actions_t) {
        #if os(Linux)
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            let closeFrom = unsafeBitCast(symbol, to: CloseFrom.self)
            if closeFrom(&actions, 3) == 0 { return }
        }
        let directory = "/proc/self/fd"
        #else
        let directory = "/dev/fd"
        #endif
        let open = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > STDERR_FILENO {
            if fcntl(fd, F_GETFD) >= 0, fcntl(fd, F_GETFD) & FD_CLOEXEC == 0 {
                posix_spawn_file_actions_addclose(&actions, fd)
            }
        }
    }
}
