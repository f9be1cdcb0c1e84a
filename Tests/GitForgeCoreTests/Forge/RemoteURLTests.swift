import Testing
@testable import GitForgeCore

struct RemoteURLTests {
    @Test(arguments: [
        ("https://github.com/apple/swift.git", "github.com", "apple/swift"),
        ("https://github.com/apple/swift/", "github.com", "apple/swift"),
        ("https://user:pw@GitHub.com/apple/swift", "github.com", "apple/swift"),
        ("http://127.0.0.1:8080/o/r.git", "127.0.0.1", "o/r"),
        ("ssh://git@github.com/apple/swift.git", "github.com", "apple/swift"),
        ("ssh://git@gitlab.example.com:2222/group/sub/project.git", "gitlab.example.com", "group/sub/project"),
        ("git@github.com:apple/swift.git", "github.com", "apple/swift"),
        ("git@gitlab.com:group/sub/project", "gitlab.com", "group/sub/project"),
        ("gitea.example.org:owner/repo.git/", "gitea.example.org", "owner/repo"),
        ("git://codeberg.org/forgejo/forgejo", "codeberg.org", "forgejo/forgejo"),
        ("git+ssh://git@github.com/o/r", "github.com", "o/r"),
    ])
    func parses(url: String, host: String, path: String) {
        let parsed = RemoteURL(url)
        #expect(parsed == RemoteURL(host: host, path: path))
    }

    @Test(arguments: ["/srv/git/repo.git", "file:///srv/git/repo", "../other", "C:/repos/x",
                      "https://github.com/", "https://github.com/onlyowner", "ftp://host/o/r", "", "git@host:"])
    func rejects(url: String) {
        #expect(RemoteURL(url) == nil)
    }
}

extension RemoteURL {
    init(host: String, path: String) {
        self = RemoteURL("https://\(host)/\(path)")!
    }
}
