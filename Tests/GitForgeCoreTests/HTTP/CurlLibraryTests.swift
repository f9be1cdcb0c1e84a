import Testing
@testable import GitForgeCore

struct CurlLibraryTests {
    @Test func missingLibraryGivesAClearReason() throws {
        let reason = try #require(CurlLibrary.probe(path: "/nonexistent/libcurl.so.4"))
        #expect(reason.contains("libcurl could not be loaded"))
        #expect(reason.contains("/nonexistent/libcurl.so.4"))
    }

    @Test func aLibraryThatIsNotLibcurlIsRejected() throws {
        let reason = try #require(CurlLibrary.probe(path: "libz.so.1"))
        #expect(reason.contains("curl_global_init"))
    }

    @Test func theSystemLibcurlProbesClean() {
        #expect(CurlLibrary.probe(path: "libcurl.so.4") == nil)
    }
}
