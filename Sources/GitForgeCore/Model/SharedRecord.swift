import Foundation

/// One record of the shared cache (`refs/notes/forge-cache`, docs/sharing.md): what a resolver
/// learned from the forge, as one line of JSON in its own blob, so git diffs, packs and merges it
/// record by record. Only forge answers travel: never a token, a path, the backlog or resolver state.
public enum SharedRecord: Sendable, Equatable {
    /// A pull request or issue, with every field `show` renders (body included).
    case item(host: String, repo: String, item: ForgeItem, fetchedAt: Int64)
    /// A number the forge answered "not found" for (`kind` as the backlog has it: `any` on
    /// GitHub and Gitea, `pull` or `issue` on GitLab).
    case missing(host: String, repo: String, kind: ReferenceKind, number: Int, fetchedAt: Int64)
    /// The forge's commit → pull request association: `pulls` empty means "no pull request".
    case commit(host: String, repo: String, sha: String, pulls: [Int], fetchedAt: Int64)

    public static let version = 1

    public var host: String {
        switch self {
        case let .item(host, _, _, _), let .missing(host, _, _, _, _), let .commit(host, _, _, _, _): host
        }
    }

    public var repo: String {
        switch self {
        case let .item(_, repo, _, _), let .missing(_, repo, _, _, _), let .commit(_, repo, _, _, _): repo
        }
    }

    public var fetchedAt: Int64 {
        switch self {
        case let .item(_, _, _, time), let .missing(_, _, _, _, time), let .commit(_, _, _, _, time): time
        }
    }

    /// Merged and closed items are final: an open copy never replaces one.
    var isFinal: Bool {
        if case let .item(_, _, item, _) = self { return item.state != .open }
        return false
    }

    /// The note name (40 hex) the record is stored under: the commit's own id for an
    /// association (so `git notes --ref=forge-cache show <commit>` prints it), else the blob id of
    /// the record's identity, which anyone can recompute:
    /// `printf 'item github.com owner/name pull 12' | git hash-object --stdin`.
    public var key: String {
        switch self {
        case let .commit(_, _, sha, _, _): sha
        case let .item(host, repo, item, _): Self.key(identity: "item \(host) \(repo) \(item.kind.rawValue) \(item.number)")
        case let .missing(host, repo, kind, number, _): Self.key(identity: "missing \(host) \(repo) \(kind.rawValue) \(number)")
        }
    }

    public static func key(identity: String) -> String {
        ((try? GitHash.blob(Array(identity.utf8))) ?? ObjectID(hex: String(repeating: "0", count: 40))!).hex
    }

    /// Whether `self` should replace `other` for the same key: a final item beats an open one,
    /// then the newer fetch wins; equal times keep the byte-wise greater record, so every clone
    /// merging the same two records picks the same one.
    func wins(over other: SharedRecord, bytes: [UInt8], otherBytes: [UInt8]) -> Bool {
        if isFinal != other.isFinal { return isFinal }
        if fetchedAt != other.fetchedAt { return fetchedAt > other.fetchedAt }
        return otherBytes.lexicographicallyPrecedes(bytes)
    }
}

/// Sizes a shared ref may not exceed: it is data from whoever can push to the remote.
public enum SharedLimits {
    /// One record's blob. A body longer than what fits is cut on publish.
    public static let blobBytes = 256 * 1024
    /// An item's body, cut to this many bytes on publish (GitHub allows 65,536 characters).
    static let bodyBytes = 192 * 1024
    /// Records read by one import, and their bytes together.
    public static let records = 2_000_000
    public static let totalBytes = 512 * 1024 * 1024
    static let titleBytes = 4096
    static let textBytes = 1024
    static let labels = 200
    static let pulls = 16
}

/// Why a record was skipped on import (counted in `status`, logged, never fatal).
public enum SharedRecordError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooLarge(Int)
    case malformed(String)
    case unsupportedVersion
    case otherForge(String)
    case otherRepository(String)
    case misplaced

    public var description: String {
        switch self {
        case let .tooLarge(limit): "larger than \(limit) bytes"
        case let .malformed(why): "malformed (\(why))"
        case .unsupportedVersion: "written by a newer git forge (record version above \(SharedRecord.version))"
        case let .otherForge(host): "for another forge host (\(host))"
        case let .otherRepository(repo): "for another repository (\(repo))"
        case .misplaced: "stored under a name that is not its own"
        }
    }
}

extension SharedRecord {
    /// One line of JSON with sorted keys and a newline: the same record always gives the same
    /// bytes, so an unchanged record is an unchanged blob.
    public func encoded() -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        switch self {
        case let .item(host, repo, item, fetchedAt):
            var body = item.body
            if body.utf8.count > SharedLimits.bodyBytes {
                body = String(decoding: body.utf8.prefix(SharedLimits.bodyBytes), as: UTF8.self)
                while body.utf8.count > SharedLimits.bodyBytes { body.removeLast() }
            }
            w.raw("{\"approvals\":"); w.optional(item.approvals.map { Int64($0) })
            w.raw(",\"author\":"); w.optional(item.author)
            w.raw(",\"baseRef\":"); w.optional(item.baseRef)
            w.raw(",\"body\":"); w.string(body)
            w.raw(",\"closedAt\":"); w.optional(item.closedAt)
            w.raw(",\"closes\":[")
            for (i, link) in item.closes.enumerated() {
                if i > 0 { w.raw(",") }
                w.raw("{\"number\":"); w.number(Int64(link.number)); w.raw(",\"repo\":"); w.string(link.repo); w.raw("}")
            }
            w.raw("],\"createdAt\":"); w.optional(item.createdAt)
            w.raw(",\"draft\":"); w.raw(item.draft ? "true" : "false")
            w.raw(",\"fetchedAt\":"); w.string(Self.iso(fetchedAt))
            w.raw(",\"headRef\":"); w.optional(item.headRef)
            w.raw(",\"host\":"); w.string(host)
            w.raw(",\"kind\":"); w.string(item.kind.rawValue)
            w.raw(",\"labels\":[")
            for (i, label) in item.labels.enumerated() {
                if i > 0 { w.raw(",") }
                w.string(label)
            }
            w.raw("],\"mergeCommit\":"); w.optional(item.mergeCommitSHA)
            w.raw(",\"mergedAt\":"); w.optional(item.mergedAt)
            w.raw(",\"number\":"); w.number(Int64(item.number))
            w.raw(",\"repo\":"); w.string(repo)
            w.raw(",\"state\":"); w.string(item.state.rawValue)
            w.raw(",\"title\":"); w.string(item.title)
            w.raw(",\"type\":\"item\",\"updatedAt\":"); w.optional(item.updatedAt)
            w.raw(",\"url\":"); w.string(item.url)
        case let .missing(host, repo, kind, number, fetchedAt):
            w.raw("{\"fetchedAt\":"); w.string(Self.iso(fetchedAt))
            w.raw(",\"host\":"); w.string(host)
            w.raw(",\"kind\":"); w.string(kind.rawValue)
            w.raw(",\"number\":"); w.number(Int64(number))
            w.raw(",\"repo\":"); w.string(repo)
            w.raw(",\"type\":\"missing\"")
        case let .commit(host, repo, sha, pulls, fetchedAt):
            w.raw("{\"commit\":"); w.string(sha)
            w.raw(",\"fetchedAt\":"); w.string(Self.iso(fetchedAt))
            w.raw(",\"host\":"); w.string(host)
            w.raw(",\"pulls\":[")
            for (i, number) in pulls.enumerated() {
                if i > 0 { w.raw(",") }
                w.number(Int64(number))
            }
            w.raw("],\"repo\":"); w.string(repo)
            w.raw(",\"type\":\"commit\"")
        }
        w.raw(",\"v\":1}\n")
        return w.bytes
    }

    static func iso(_ seconds: Int64) -> String {
        var text = ISODate.format(seconds: seconds, offsetMinutes: 0)
        text.removeLast(6)
        return text + "Z"
    }
}

extension JSONWriter {
    mutating func optional(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    mutating func optional(_ value: Int64?) {
        if let value { number(value) } else { raw("null") }
    }
}
