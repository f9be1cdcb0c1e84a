/// An ordered list of header fields with case-insensitive lookup.
///
/// Order and repeats are kept because a few headers (`Link`, `Set-Cookie`) may legally appear more
/// than once; lookups join repeats with ", " as RFC 9110 §5.3 allows, so callers that want a single
/// string get one and callers that care use `values(for:)`.
public struct HTTPHeaders: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var fields: [Field]

    public init(_ fields: [Field] = []) {
        self.fields = fields
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { Field(name: $0.0, value: $0.1) }
    }

    /// All values of `name`, joined with ", ", or nil when absent. Setting replaces every field
    /// with that name (nil removes them).
    public subscript(name: String) -> String? {
        get {
            let found = values(for: name)
            return found.isEmpty ? nil : found.joined(separator: ", ")
        }
        set {
            remove(name)
            if let newValue { add(name: name, value: newValue) }
        }
    }

    public func values(for name: String) -> [String] {
        fields.filter { Self.same($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { Self.same($0.name, name) }
    }

    public mutating func add(name: String, value: String) {
        fields.append(Field(name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.same($0.name, name) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// RFC 9110 `token`: the syntax of header names and methods. Anything else could split or
    /// forge lines of the request, so it is refused rather than sent.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            default:
                "!#$%&'*+-.^_`|~".utf8.contains(byte)
            }
        }
    }

    /// Header names are ASCII tokens, so an ASCII-only fold is both correct and cheap.
    static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count
            && zip(a.utf8, b.utf8).allSatisfy { lowerASCII($0) == lowerASCII($1) }
    }

    private static func lowerASCII(_ byte: UInt8) -> UInt8 {
        (byte >= 65 && byte <= 90) ? byte + 32 : byte
    }
}
