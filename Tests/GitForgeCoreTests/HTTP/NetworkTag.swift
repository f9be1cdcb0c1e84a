import Testing

extension Tag {
    /// Talks to a LoopbackHTTPServer on 127.0.0.1; never leaves the machine.
    @Tag static var network: Self
}
