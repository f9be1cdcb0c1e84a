/// `git forge hook <name> [--background | --detached]`, what the installed hooks run, past
/// argument parsing: the parsed command and the fast path both run this with the real context.
/// It says nothing on stdout or stderr, which git shows: errors go to `resolver.log`.
public enum HookCommand {
    public enum Mode: String, Sendable {
        /// Run by a person or a hook manager, who may wait: the work goes to a detached process.
        case foreground
        /// Started in the background by git forge's own hook scripts: nobody waits.
        case background = "--background"
        /// The detached process itself: does the work (ingest, resolve).
        case detached = "--detached"
    }

    /// - Returns: the exit status: 0 for git's sake whatever happens in a hook; the detached
    ///   process, which nobody waits for, says 1 when its work failed (and why, in the log).
    public static func run(_ context: CommandContext, name: String, mode: Mode) -> Int32 {
        if mode == .detached {
            let known = HookScripts.names + BackgroundWork.commandEvents
            guard known.contains(name) else { return 0 }
            return BackgroundWork.runDetached(event: name, discover: context.discover)
        }
        guard HookScripts.names.contains(name) else { return 0 }
        BackgroundWork.handOff(event: name, inBackground: mode == .background, discover: context.discover)
        return 0
    }
}
