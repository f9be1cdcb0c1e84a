import Foundation

/// Everything a command needs about the repository it runs in: the repository itself, its
/// configuration, where its store lives and which forge it is on. Opening it touches no database
/// and no network, so commands that fail early fail fast.
public final class Workspace: @unchecked Sendable {
    public let repository: Repository
    public let config: GitConfig
    public let location: StoreLocation
    /// The detected forge, or why it could not be detected (ingest works without one).
    public let forge: Result<ForgeSettings, ForgeDetectionError>

    public init(repository: Repository) throws(WorkspaceError) {
        self.repository = repository
        let config: GitConfig
        do { config = try repository.config() } catch { throw .unreadable(error.description) }
        self.config = config
        location = StoreLocation(commonDirectory: repository.commonDirectory)
        forge = Result { () throws(ForgeDetectionError) in try ForgeSettings.detect(from: config) }
    }

    /// The repository git would use here.
    public static func discover() throws(WorkspaceError) -> Workspace {
        do {
            return try Workspace(repository: Repository.discover())
        } catch let error as WorkspaceError {
            throw error
        } catch let error as GitError where error.isNotFound {
            throw .notARepository
        } catch let error as GitError {
            throw .unreadable(error.description)
        } catch {
            throw .unreadable(String(describing: error))
        }
    }

    /// How commit messages are read: for the detected forge, or GitHub's rules with no repository
    /// when none is detected (re-derived once one is configured).
    public var referenceContext: ReferenceContext {
        switch forge {
        case let .success(settings):
            ReferenceContext(forge: settings.type, host: settings.host, repo: settings.repo)
        case .failure:
            ReferenceContext(forge: .github, host: nil, repo: nil)
        }
    }

    public func openStore(converting: () -> Void = {}) throws(StoreError) -> ForgeStore {
        try ForgeStore.open(location, converting: converting)
    }

    /// Ingests, then imports the shared cache if its remote-tracking ref moved (docs/sharing.md):
    /// hooks, `ingest`, `sync` and `install` all come through here.
    /// - Parameter progress: drawn on a terminal during a long run (`IngestProgress`).
    public func ingest(into store: ForgeStore, progress: IngestProgress? = nil) throws -> Ingester.Result {
        let result = try Ingester(repository: repository, store: store, context: referenceContext, progress: progress).run()
        sharedImport = importSharedCacheIfMoved(into: store)
        return result
    }

    /// Progress for an ingest run from a terminal: drawn with `write` (a command's stderr) when
    /// that is one, else silent. The terminal is the command's context's, never probed here.
    public func ingestProgress(stderrIsTTY: Bool, write: @escaping (String) -> Void) -> IngestProgress? {
        guard stderrIsTTY else { return nil }
        return IngestProgress(tty: true, total: IngestProgress.commitGraphCount(objectsDirectory: repository.commonDirectory + "/objects"),
                              write: write)
    }

    /// What the last `ingest` imported from the shared cache (nil inside: nothing new).
    public private(set) var sharedImport: Result<SharedCache.ImportReport?, any Error>?
}

public enum WorkspaceError: Error, Equatable, Sendable, CustomStringConvertible {
    case notARepository
    case unreadable(String)

    public var description: String {
        switch self {
        case .notARepository: "not a git repository (or any of the parent directories)"
        case let .unreadable(message): "cannot read the repository: \(message)"
        }
    }
}
