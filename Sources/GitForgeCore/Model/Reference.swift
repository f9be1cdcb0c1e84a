/// What a referenced number points at.
///
/// `any` exists because GitHub, Gitea and Forgejo draw issues and pull requests from one
/// sequence per repository: a bare `#12` identifies exactly one object, but the text alone
/// cannot say which of the two it is — only the forge's API can. GitLab keeps two sequences
/// (`#12` and `!12` are different objects), so it never produces `any`.
public enum ReferenceKind: String, Sendable, Codable {
    case pullRequest = "pull"
    case issue
    case any

    /// When the same object is referenced twice, the spelling that named its kind wins over
    /// the one that did not, so callers never have to look the kind up when the text told us.
    var isSpecific: Bool { self != .any }
}

/// How the commit relates to the referenced object.
///
/// Ordered by strength because one message can reference the same object several ways
/// (`Fix crash (#12)` on the subject and `#12` again in the body) and the ingest keeps only
/// the most informative relation.
public enum ReferenceRelation: String, Sendable, Codable, Comparable {
    /// The pull/merge request this commit was merged through.
    case mergedIn
    /// The message asks the forge to close the issue when the commit lands.
    case closes
    /// Any other reference.
    case mentions

    /// Explicit rank instead of declaration order, so reordering the cases can never
    /// silently change which duplicate wins.
    public var strength: Int {
        switch self {
        case .mergedIn: 3
        case .closes: 2
        case .mentions: 1
        }
    }

    /// `a < b` means `a` is weaker: `max()` over relations yields the one to keep.
    public static func < (lhs: ReferenceRelation, rhs: ReferenceRelation) -> Bool {
        lhs.strength < rhs.strength
    }
}

/// One issue or pull/merge request named by a commit message.
public struct Reference: Hashable, Sendable {
    /// `nil` for the repository being ingested — also when the message spells that repository
    /// out — so that callers can join on `(repo, number)` without normalising paths themselves.
    /// Otherwise the path exactly as written ("owner/name", GitLab "group/sub/project").
    public var repo: String?
    public var kind: ReferenceKind
    public var number: Int
    public var relation: ReferenceRelation

    public init(repo: String? = nil, kind: ReferenceKind, number: Int, relation: ReferenceRelation) {
        self.repo = repo
        self.kind = kind
        self.number = number
        self.relation = relation
    }
}

extension Reference: CustomStringConvertible {
    /// Compact form so that a failing table test prints something a human can diff at a glance.
    public var description: String {
        "\(repo ?? "")#\(number) \(kind.rawValue) \(relation.rawValue)"
    }
}
