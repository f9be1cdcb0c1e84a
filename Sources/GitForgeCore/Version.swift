/// The version `git forge --version` prints and the HTTP User-Agent carries.
public enum GitForgeVersion {
    public static let current = "0.1.0"
    /// The release's date, which every man page's `.TH` line carries with `current`
    /// (ManPageTests holds them to it): change all three together.
    public static let releaseDate = "2026-12-07"
}
