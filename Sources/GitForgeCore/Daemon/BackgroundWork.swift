import Foundation

/// What hooks, `sync` and `install` hand to a detached process, and what that process does.
public enum BackgroundWork {
    /// Why a detached process was started: a hook (ingest, then resolve when anything is pending)
    /// or a command that already ingested in the foreground (resolve at least once).
    public static let commandEvents = ["sync", "install"]

    /// `forge.enabled=false` turns every hook into a no-op without uninstalling.
    public static func isEnabled(_ workspace: Workspace) throws(ConfigError) -> Bool {
        try workspace.config.bool("forge.enabled") ?? true
    }

    /// Starts `git-forge hook <event> --detached` in a new session, its output in `resolver.log`.
    /// - Returns: the detached process's PID.
    public static func start(_ workspace: Workspace, event: String) throws(StoreError) -> pid_t {
        let location = workspace.location
        try location.prepare()
        ResolverLog.rotateIfNeeded(location.log)
        try location.createPrivateFile(location.log)
        return try DetachedProcess.spawn(arguments: ["hook", event, "--detached"], log: location.log)
    }

    /// The hook's whole job: hand off and return. Errors go to the log, never to git.
    ///
    /// git forge's own hook scripts start us in the background with /dev/null for every stream
    /// and say so (`inBackground`, `--background`), so git is not waiting: when we can detach
    /// ourselves (see `DetachedProcess.detachInPlace`), the work runs right here, one process start
    /// instead of two, which a burst of commits pays for. Any other caller — the one line a hook
    /// manager runs, or a person — may be waiting for us, so the work goes to a detached process.
    /// - Parameter discover: the repository git would use here (the command's context's).
    public static func handOff(event: String, inBackground: Bool,
                               discover: () throws -> Workspace = { try Workspace.discover() }) {
        if inBackground, DetachedProcess.detachInPlace() {
            _ = runDetached(event: event, discover: discover)
            return
        }
        var log: ResolverLog?
        do {
            let workspace = try discover()
            log = ResolverLog(path: workspace.location.log)
            guard try isEnabled(workspace) else { return }
            _ = try start(workspace, event: event)
        } catch {
            log?.write("\(event): error: \(error)")
        }
    }

    /// A hook in a repository whose references cannot be resolved (no remote, an unknown host, a
    /// bad setting) only ingests: no resolver run whose one act is to log the reason. The reason
    /// is logged when it first appears or changes, not on every commit (kept in the store's meta).
    private static func canResolve(_ workspace: Workspace, store: ForgeStore, log: ResolverLog,
                                   event: String) throws(StoreError) -> Bool {
        let reason: String?
        do {
            _ = try workspace.resolverSettings()
            reason = nil
        } catch {
            reason = error.description
        }
        if try store.noteUnresolvable(reason), let reason {
            log.write("\(event): not resolving: \(reason); hooks only ingest until that changes")
        }
        return reason == nil
    }

    /// The detached process: ingest (for a hook), then resolve under the lock. Returns the exit
    /// status; everything it has to say goes to the log.
    public static func runDetached(event: String, discover: () throws -> Workspace = { try Workspace.discover() }) -> Int32 {
        // Before anything reads a token: this process may hold one for minutes, unwatched.
        CoreDumps.disable()
        var log: ResolverLog?
        do {
            let workspace = try discover()
            let theLog = ResolverLog(path: workspace.location.log, redirectStandardStreams: true)
            log = theLog
            guard try isEnabled(workspace) else { return 0 }
            let stop = StopFlag()
            stop.install(signals: [SIGTERM, SIGINT, SIGHUP])
            let store = try workspace.openStore { theLog.write("\(event): converting the store to this version's compact format (once)") }
            let always = commandEvents.contains(event)
            if !always {
                let result = try workspace.ingest(into: store)
                theLog.write("\(event): ingested \(result.newCommits) new commit\(result.newCommits == 1 ? "" : "s"), "
                             + "\(result.newRefs) new reference\(result.newRefs == 1 ? "" : "s") queued")
                if let line = SharedCache.logLine(workspace.sharedImport) { theLog.write("\(event): \(line)") }
                guard try canResolve(workspace, store: store, log: theLog, event: event) else { return 0 }
            }
            _ = try ResolverControl(workspace.location)
                .resolve(workspace, store: store, log: theLog, as: .background(always: always), shouldStop: { stop.isSet })
            return 0
        } catch {
            log?.write("\(event): error: \(error)")
            return 1
        }
    }
}
