/// The version `git forge --version` prints and the HTTP User-Agent carries.
public enum GitForgeVersion {
    public static let current = "0.1.0"
}
