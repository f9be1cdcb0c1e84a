#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How a redirected request is rewritten. Redirects are followed here rather than by libcurl so
/// every hop goes through `URLPolicy` and credentials never follow a hop to another origin.
enum RedirectPolicy {
    static func isRedirect(_ status: Int) -> Bool {
        [301, 302, 303, 307, 308].contains(status)
    }

    static func follow(_ request: HTTPRequest, status: Int, to target: URL) -> HTTPRequest {
        var next = request
        next.url = target
        // 303 always, and 301/302 after POST, turn into GET as browsers and curl do;
        // 307/308 exist precisely to keep the method and body.
        let becomesGet = (status == 303 && request.method != .head)
            || ((status == 301 || status == 302) && request.method == .post)
        if becomesGet {
            next.method = .get
            next.body = nil
            next.headers.remove("Content-Type")
            next.headers.remove("Content-Length")
        }
        if URLPolicy.Origin(request.url) != URLPolicy.Origin(target) {
            for name in HTTPRequest.credentialHeaderNames { next.headers.remove(name) }
        }
        return next
    }
}
