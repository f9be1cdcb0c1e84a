#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the server's threads share. Threads hold this, not the server, so dropping the last
/// reference to `LoopbackHTTPServer` runs its deinit (and so `stop()`) even while threads are live;
/// the file descriptors are closed here once the last thread lets go.
final class LoopbackServerState: @unchecked Sendable {
    struct Shared {
        var requests: [LoopbackHTTPServer.Request] = []
        var connectionsAccepted = 0
        /// Running threads: the accept thread plus one per open connection.
        var liveThreads = 0
        var stopping = false
    }

    let listener: Int32
    let wakeRead: Int32
    let wakeWrite: Int32
    let baseURL: String
    let maxConnections: Int
    let historyLimit: Int
    let handler: @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply

    private var shared = Shared()
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let threadsChanged = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init(listener: Int32, wakeRead: Int32, wakeWrite: Int32, baseURL: String, maxConnections: Int,
         historyLimit: Int, handler: @escaping @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply) {
        self.listener = listener
        self.wakeRead = wakeRead
        self.wakeWrite = wakeWrite
        self.baseURL = baseURL
        self.maxConnections = max(1, maxConnections)
        self.historyLimit = max(0, historyLimit)
        self.handler = handler
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(threadsChanged, nil)
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
        pthread_cond_destroy(threadsChanged)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        threadsChanged.deallocate()
    }

    func locked<T>(_ body: (inout Shared) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body(&shared)
    }

    var isStopping: Bool { locked { $0.stopping } }

    func record(_ request: LoopbackHTTPServer.Request) {
        guard historyLimit > 0 else { return }
        locked { shared in
            shared.requests.append(request)
            if shared.requests.count > historyLimit {
                shared.requests.removeFirst(shared.requests.count - historyLimit)
            }
        }
    }

    func startAcceptThread() -> Bool {
        locked { $0.liveThreads += 1 }
        guard spawnDetachedThread({ self.acceptLoop() }) else {
            close(listener)
            threadEnded()
            return false
        }
        return true
    }

    func stop(timeout: Duration) {
        let first = locked { shared -> Bool in
            defer { shared.stopping = true }
            return !shared.stopping
        }
        if first {
            // Never read, so the pipe stays readable and every poll() that includes it returns.
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        pthread_mutex_lock(mutex)
        while shared.liveThreads > 0 {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { break }
            var until = timespec()
            clock_gettime(CLOCK_REALTIME, &until)
            let (seconds, attoseconds) = min(left, .milliseconds(50)).components
            until.tv_sec += Int(seconds)
            until.tv_nsec += Int(attoseconds / 1_000_000_000)
            if until.tv_nsec >= 1_000_000_000 {
                until.tv_sec += 1
                until.tv_nsec -= 1_000_000_000
            }
            _ = pthread_cond_timedwait(threadsChanged, mutex, &until)
        }
        pthread_mutex_unlock(mutex)
    }

    func threadEnded() {
        pthread_mutex_lock(mutex)
        shared.liveThreads -= 1
        pthread_cond_broadcast(threadsChanged)
        pthread_mutex_unlock(mutex)
    }

    /// Sleeps for `duration` unless the server stops first; returns false if it stopped.
    func sleep(_ duration: Duration) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: duration)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            if left <= .zero { return !isStopping }
            var wake = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
            if poll(&wake, 1, Int32(clamping: left.roundedUpMilliseconds)) > 0 { return false }
        }
    }

    /// Owns the listener: closing it on the way out makes new connections fail fast after `stop()`.
    private func acceptLoop() {
        defer {
            close(listener)
            threadEnded()
        }
        var watched = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        while !isStopping {
            let ready = poll(&watched, 2, -1)
            if ready < 0 && errno != EINTR { return }
            if watched[1].revents != 0 { return }
            guard watched[0].revents & Int16(POLLIN) != 0 else { continue }
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                // EMFILE and friends: back off instead of spinning on a listener that stays readable.
                if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED {
                    _ = sleep(.milliseconds(20))
                }
                continue
            }
            admit(fd)
        }
    }

    private func admit(_ fd: Int32) {
        let id: Int? = locked { shared in
            guard !shared.stopping, shared.liveThreads - 1 < maxConnections else { return nil }
            shared.connectionsAccepted += 1
            shared.liveThreads += 1
            return shared.connectionsAccepted
        }
        guard let id else {
            close(fd)
            return
        }
        LoopbackConnection.prepare(fd)
        let spawned = spawnDetachedThread {
            LoopbackConnection(fd: fd, id: id, server: self).serve()
            self.threadEnded()
        }
        if !spawned {
            close(fd)
            threadEnded()
        }
    }
}

extension Duration {
    fileprivate var roundedUpMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}

/// Foundation's Thread is avoided so this target only needs the C library.
private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

private func spawnDetachedThread(_ body: @escaping @Sendable () -> Void) -> Bool {
    let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    pthread_attr_setstacksize(&attributes, 1 << 20)
    #if os(Linux)
    var thread = pthread_t()
    let rc = pthread_create(&thread, &attributes, { raw in
        Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().run()
        return nil
    }, context)
    #else
    var thread: pthread_t? = nil
    let rc = pthread_create(&thread, &attributes, { raw in
        Unmanaged<ThreadBody>.fromOpaque(raw).takeRetainedValue().run()
        return nil
    }, context)
    #endif
    if rc != 0 {
        Unmanaged<ThreadBody>.fromOpaque(context).release()
        return false
    }
    return true
}
