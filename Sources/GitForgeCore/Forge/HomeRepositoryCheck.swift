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

    /// `answer`, once a `notFound` in the home repository has been checked against it.
    func checked(_ answer: ResolvedRef, transport: ForgeTransport) throws -> ResolvedRef {
        if case .notFound = answer.answer { try require(answer.entry.repo, transport: transport) }
        return answer
    }

    /// Runs a page walk of `repo`; a refused list is checked against the repository first.
    func walking(_ repo: String, transport: ForgeTransport, _ walk: () throws -> Void) throws {
        do {
            try walk()
        } catch let ResolverStop.rejected(reason) {
            try require(repo, transport: transport)
            throw ResolverStop.rejected(reason)
        }
    }

    private func require(_ repo: String, transport: ForgeTransport) throws {
        guard repo.lowercased() == home, !visible else { return }
        let status = try transport.send(HTTPRequest(url: url(repo))) { $0.status }
        guard status == 200 else { throw ResolverStop.needsToken(message(repo, status)) }
        visible = true
    }
}
