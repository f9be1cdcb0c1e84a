import Foundation

// The shared cache (Share/) is told a repository, its configuration and its forge rather than a
// `Workspace`, so that it sits below the workspace in the folder layering; these say it the usual way.

extension SharedCache {
    public convenience init(workspace: Workspace, store: ForgeStore) throws(ForgeDetectionError) {
        try self.init(repository: workspace.repository, config: workspace.config, forge: workspace.forge, store: store)
    }
}

extension SharedFetchConfig {
    public init(workspace: Workspace) {
        self.init(repository: workspace.repository, config: workspace.config)
    }
}

extension Workspace {
    /// The hot-path check run by hooks, `ingest` and `sync`: import the shared cache when its
    /// remote-tracking ref moved since the last import. Never fails the caller: a problem is
    /// returned for the caller's log and `git forge fetch` reports it in full.
    public func importSharedCacheIfMoved(into store: ForgeStore) -> Result<SharedCache.ImportReport?, any Error> {
        guard case .success = forge else { return .success(nil) }
        return Result { try SharedCache(workspace: self, store: store).importIfMoved() }
    }
}

