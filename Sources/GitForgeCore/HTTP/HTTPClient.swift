/// Sends one request and waits for its response.
///
/// Synchronous on purpose: the resolver is a sequential loop, and a blocking call keeps its error
/// handling and rate-limit back-off straightforward. Non-2xx statuses are responses, not errors:
/// only transport failures throw, so callers can read rate-limit headers from a 403 or 429.
public protocol HTTPClient: Sendable {
    func send(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse
}
