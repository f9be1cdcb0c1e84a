import Foundation

/// One pull request or issue the fake forge serves, in forge-neutral form; each flavour renders
/// it in its own JSON shape.
public struct FakeForgeItem: Sendable, Equatable {
    public enum State: String, Sendable { case open, closed, merged }

    public var number: Int
    public var isPull: Bool
    public var state: State
    public var title: String
    public var body: String
    public var author: String
    public var labels: [String]
    public var draft: Bool
    public var mergeCommit: String?
    public var baseRef: String
    public var headRef: String
    public var approvals: Int
    /// Issue numbers (same repository) a pull request closes.
    public var closes: [Int]
    public var createdAt: String
    public var updatedAt: String

    public init(number: Int, isPull: Bool, state: State = .closed, title: String? = nil, body: String = "",
                author: String = "octocat", labels: [String] = [], draft: Bool = false, mergeCommit: String? = nil,
                baseRef: String = "main", headRef: String? = nil, approvals: Int = 0, closes: [Int] = [],
                createdAt: String = "2024-01-01T00:00:00Z", updatedAt: String = "2024-01-02T00:00:00Z") {
        self.number = number
        self.isPull = isPull
        self.state = isPull ? state : (state == .merged ? .closed : state)
        self.title = title ?? (isPull ? "Pull request \(number)" : "Issue \(number)")
        self.body = body
        self.author = author
        self.labels = labels
        self.draft = draft
        self.mergeCommit = mergeCommit
        self.baseRef = baseRef
        self.headRef = headRef ?? "topic-\(number)"
        self.approvals = approvals
        self.closes = closes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A deterministic repository of `count` numbers: every third an issue, every `missingEvery`-th
    /// number absent (deleted), pull requests merged unless their number ends in 7 (open).
    public static func generate(count: Int, missingEvery: Int = 10) -> [FakeForgeItem] {
        (1...max(1, count)).compactMap { n in
            if missingEvery > 0, n % missingEvery == 0 { return nil }
            let isPull = n % 3 != 0
            let state: State = n % 10 == 7 ? .open : (isPull ? .merged : .closed)
            return FakeForgeItem(number: n, isPull: isPull, state: state, title: "Item \(n)", body: "Body of \(n)",
                                 labels: n % 2 == 0 ? ["bug"] : [],
                                 mergeCommit: isPull && state == .merged ? String(format: "%040x", n) : nil,
                                 approvals: isPull ? n % 3 : 0)
        }
    }

    var closedAt: String? { state == .open ? nil : "2024-01-03T00:00:00Z" }
    var mergedAt: String? { state == .merged ? "2024-01-03T00:00:00Z" : nil }
}

/// JSON text from plain dictionaries, with `nil` written as `null`.
enum FakeJSON {
    static func data(_ value: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: normalise(value), options: [.sortedKeys])) ?? Data("null".utf8)
    }

    private static func normalise(_ value: Any) -> Any {
        switch value {
        case let dict as [String: Any?]: return dict.mapValues { $0.map(normalise) ?? NSNull() }
        case let dict as [String: Any]: return dict.mapValues(normalise)
        case let list as [Any]: return list.map(normalise)
        case Optional<Any>.none: return NSNull()
        default: return value
        }
    }
}
