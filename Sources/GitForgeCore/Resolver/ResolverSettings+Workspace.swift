extension Workspace {
    /// The resolver's settings here, or why it cannot run: no forge detected, or a bad setting.
    /// `sync` and `install` ask before starting a background resolver, so the reason reaches the
    /// terminal instead of only resolver.log; the message is the one `sync --foreground` gives.
    /// - Throws: `ResolverConfigError`.
    public func resolverSettings() throws(ResolverConfigError) -> ResolverSettings {
        switch forge {
        case let .success(settings): try ResolverSettings(forge: settings, config: config)
        case let .failure(error): throw .noForge(error.description)
        }
    }
}
