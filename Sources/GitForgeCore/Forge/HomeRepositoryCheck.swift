import Foundation

/// Whether the forge shows the store's own repository, asked once per run and only after a 404:
/// a private repository asked without a token (or with one that cannot read it) answers 404 for
/// every number, and recording them all `not found` would keep them from being asked again once
/// a token is set. The run stops instead (`ResolverStop.needsToken`), charging the references
/// nothing. Another repository's 404 only means its references are not found.
final class HomeRepositoryCheck {
    private let home: String
    private let url: (String) -> URL
    private let message: (_ repo: String, _ status: Int) -> String
    private var visible = false

    /// - Parameters:
    ///   - url: the API URL of a repository by its path.
    ///   - message: the error for a repository the forge does not show.
    init(home: String, url: @escaping (String) -> URL, message: @escaping (_ repo: String, _ status: Int) -> String) {
        self.home = home.lowercased()
        self.url = url
        self.message = message
    }

    func require(_ repo: String, transport: ForgeTransport) throws {
        guard repo.lowercased() == home, !visible else { return }
        let status = try transport.send(HTTPRequest(url: url(repo))) { $0.status }
        guard status == 200 else { throw ResolverStop.needsToken(message(repo, status)) }
        visible = true
    }
}
