// TEMPORARY until the real parser lands.
public enum ReferenceKind: String, Sendable, Codable { case pullRequest = "pull", issue, any }
public enum ReferenceRelation: String, Sendable, Codable { case mergedIn, closes, mentions }
public struct Reference: Hashable, Sendable {
    public var repo: String?
    public var kind: ReferenceKind
    public var number: Int
    public var relation: ReferenceRelation
}
public struct ReferenceContext: Sendable {
    public var forge: ForgeType
    public var host: String?
    public var repo: String?
    public init(forge: ForgeType, host: String?, repo: String?) { self.forge = forge; self.host = host; self.repo = repo }
}
public struct ReferenceParser: Sendable {
    let context: ReferenceContext
    public init(_ context: ReferenceContext) { self.context = context }
    public func references(in message: String) -> [Reference] {
        var out: [Reference] = []
        let u = Array(message.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "#"), i + 1 < u.count, u[i+1] >= 0x30, u[i+1] <= 0x39 {
                var j = i + 1; var n = 0
                while j < u.count, u[j] >= 0x30, u[j] <= 0x39, n < 1 << 40 { n = n * 10 + Int(u[j] - 0x30); j += 1 }
                if n > 0 && n < Int(Int32.max) && !out.contains(where: { $0.number == n }) { out.append(Reference(repo: nil, kind: .any, number: n, relation: .mentions)) }
                i = j
            } else { i += 1 }
        }
        return out
    }
}
