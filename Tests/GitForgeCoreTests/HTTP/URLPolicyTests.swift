import Foundation
import Testing
@testable import GitForgeCore

struct URLPolicyTests {
    @Test(arguments: ["127.0.0.1", "127.255.3.4", "::1", "0:0:0:0:0:0:0:1", "localhost", "LocalHost"])
    func loopbackHosts(host: String) {
        #expect(URLPolicy.isLoopback(host))
    }

    @Test(arguments: ["128.0.0.1", "0.0.0.0", "10.0.0.1", "::2", "::ffff:127.0.0.1", "127.0.0.1.nip.io",
                      "localhost.example.com", "example.com", "127.1", ""])
    func nonLoopbackHosts(host: String) {
        #expect(!URLPolicy.isLoopback(host))
    }

    @Test(arguments: ["https://api.github.com/graphql", "http://127.0.0.1:8080/x", "http://[::1]:9000/",
                      "http://localhost/api/v4", "HTTPS://GitLab.Example/api"])
    func allowedURLs(url: String) throws {
        try URLPolicy.check(URL(string: url)!, method: .get)
    }

    @Test func insecureURLNamesTheHost() {
        #expect {
            try URLPolicy.check(URL(string: "http://gitea.example:3000/api/v1")!, method: .get)
        } throws: { error in
            guard let error = error as? HTTPError else { return false }
            return error.kind == .insecureURL && error.description.contains("gitea.example")
        }
    }

    @Test func descriptionsDropUserInfoAndQuery() {
        let url = URL(string: "https://user:hunter2@gitlab.example:8443/api/v4/projects?private_token=abc#frag")!
        #expect(URLPolicy.describe(.get, url) == "GET https://gitlab.example:8443/api/v4/projects")
        #expect(URLPolicy.redacted(URL(string: "http://[::1]:8080/a")!) == "http://[::1]:8080/a")
    }

    @Test func originsCompareSchemeHostAndEffectivePort() {
        let origin = { (url: String) in URLPolicy.Origin(URL(string: url)!) }
        #expect(origin("https://API.github.com/a") == origin("https://api.github.com:443/b"))
        #expect(origin("https://api.github.com/") != origin("http://api.github.com/"))
        #expect(origin("http://127.0.0.1:1000/") != origin("http://127.0.0.1:1001/"))
    }
}
