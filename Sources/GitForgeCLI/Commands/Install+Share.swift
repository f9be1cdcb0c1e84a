import Foundation
import GitForgeCore

extension GitForge.Install {
    /// How long install waits for the remote: it must never hang or fail on an unreachable one.
    static let sharedFetchTimeout: TimeInterval = 10

    /// Adds the shared cache's fetch refspec to the forge remote and fetches it once, so the
    /// ingest that follows imports it before the first resolver run (docs/sharing.md).
    func fetchSharedCache(_ workspace: Workspace, store: ForgeStore) {
        guard case let .success(forge) = workspace.forge else { return }
        do {
            if try SharedFetchConfig(workspace: workspace).install(remote: forge.remote) {
                print("Added \(SharedRefs.fetchRefspec(forge.remote)) to remote.\(forge.remote).fetch: "
                      + "every git fetch brings the shared cache.")
            }
            try SharedCache(workspace: workspace, store: store)
                .fetch(from: forge.remote, timeout: Self.sharedFetchTimeout, quietPrompts: true)
        } catch {
            // Not a warning: a remote that cannot be reached now (offline, a slow VPN) or has
            // no shared cache is normal, and resolving through the API is the usual path.
            let reason = String(describing: error).split(separator: "\n").first.map(String.init) ?? ""
            print("No shared cache fetched (\(reason)); 'git forge fetch' tries again.")
        }
    }
}

extension GitForge.Uninstall {
    /// Takes out exactly the fetch refspec install added.
    func removeSharedFetchRefspec(_ workspace: Workspace) {
        do {
            for remote in try SharedFetchConfig(workspace: workspace).uninstall() {
                print("Removed \(SharedRefs.fetchRefspec(remote)) from remote.\(remote).fetch.")
            }
        } catch {
            printError("warning: \(error)")
        }
    }
}
