import Foundation

/// Single environment variables, read with `getenv`. `ProcessInfo.environment` copies the whole
/// environment into a dictionary, and in a static binary its first use also pays the runtime's
/// scan of every protocol conformance (~0.3 ms of a 7 ms `show`); the hot paths need three names.
public enum Environment {
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
