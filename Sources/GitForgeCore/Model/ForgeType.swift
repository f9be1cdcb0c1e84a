/// The forge families git forge can talk to. Gitea and Forgejo share one API; they are kept apart
/// because users name them apart (`forge.type`) and Codeberg runs Forgejo.
public enum ForgeType: String, Sendable, Codable, CaseIterable {
    case github, gitlab, gitea, forgejo
}
