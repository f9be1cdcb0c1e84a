import Testing
@testable import GitForgeCore

struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndJoinsRepeats() {
        var headers: HTTPHeaders = ["Link": "<a>", "content-type": "text/plain"]
        headers.add(name: "LINK", value: "<b>")

        #expect(headers["link"] == "<a>, <b>")
        #expect(headers.values(for: "Link") == ["<a>", "<b>"])
        #expect(headers["Content-Type"] == "text/plain")
        #expect(headers["missing"] == nil)
    }

    @Test func settingReplacesAndNilRemoves() {
        var headers: HTTPHeaders = ["Authorization": "Bearer a", "authorization": "Bearer b", "Accept": "*/*"]

        headers["AUTHORIZATION"] = "Bearer c"
        #expect(headers.values(for: "authorization") == ["Bearer c"])

        headers["authorization"] = nil
        #expect(!headers.contains("Authorization"))
        #expect(headers.fields.map(\.name) == ["Accept"])
    }
}
