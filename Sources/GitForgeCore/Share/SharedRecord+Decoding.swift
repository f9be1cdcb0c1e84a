import Foundation

/// Reading a record someone else wrote: every field is checked for type and size, and a record
/// must sit under its own key. Anything else is a `SharedRecordError`, never a crash.
extension SharedRecord {
    /// - Parameters:
    ///   - bytes: the blob (already checked against `SharedLimits.blobBytes`).
    ///   - key: the note name it was stored under.
    public static func decode(_ bytes: [UInt8], key: String) throws(SharedRecordError) -> SharedRecord {
        guard bytes.count <= SharedLimits.blobBytes else { throw .tooLarge(SharedLimits.blobBytes) }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw SharedRecordError.malformed("not a JSON object")
            }
            object = parsed
        } catch let error as SharedRecordError {
            throw error
        } catch {
            throw .malformed("not JSON")
        }
        var fields = Fields(object)
        guard let version = object["v"] as? Int else { throw .malformed("no version") }
        guard version <= SharedRecord.version, version >= 1 else { throw .unsupportedVersion }
        let host = try fields.text("host", limit: 255).lowercased()
        let repo = try fields.repo("repo")
        let fetchedAt = try fields.time("fetchedAt")
        let record: SharedRecord
        switch try fields.text("type", limit: 16) {
        case "item":
            guard let kind = ForgeItem.Kind(rawValue: try fields.text("kind", limit: 8)) else { throw .malformed("kind") }
            guard let state = ForgeItem.State(rawValue: try fields.text("state", limit: 8)) else { throw .malformed("state") }
            let url = try fields.text("url", limit: 2048)
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else { throw .malformed("url") }
            guard let labels = object["labels"] as? [String], labels.count <= SharedLimits.labels,
                  labels.allSatisfy({ $0.utf8.count <= SharedLimits.textBytes }) else { throw .malformed("labels") }
            guard let closes = object["closes"] as? [[String: Any]], closes.count <= SharedLimits.labels else {
                throw .malformed("closes")
            }
            let links = try closes.map { link throws(SharedRecordError) -> ForgeItem.Link in
                var f = Fields(link)
                return ForgeItem.Link(repo: try f.text("repo", limit: 255), number: try f.number("number"))
            }
            guard let draft = object["draft"] as? Bool else { throw .malformed("draft") }
            let item = ForgeItem(
                kind: kind, number: try fields.number("number"), title: try fields.text("title", limit: SharedLimits.titleBytes),
                body: try fields.text("body", limit: SharedLimits.blobBytes), state: state, draft: draft,
                author: try fields.optional("author"), labels: labels, url: url,
                createdAt: try fields.optional("createdAt"), updatedAt: try fields.optional("updatedAt"),
                closedAt: try fields.optional("closedAt"), mergedAt: try fields.optional("mergedAt"),
                baseRef: try fields.optional("baseRef"), headRef: try fields.optional("headRef"),
                mergeCommitSHA: try fields.sha("mergeCommit", optional: true),
                approvals: try fields.optionalNumber("approvals"), closes: links)
            record = .item(host: host, repo: repo, item: item, fetchedAt: fetchedAt)
        case "missing":
            guard let kind = ReferenceKind(rawValue: try fields.text("kind", limit: 8)) else { throw .malformed("kind") }
            record = .missing(host: host, repo: repo, kind: kind, number: try fields.number("number"), fetchedAt: fetchedAt)
        case "commit":
            guard let pulls = object["pulls"] as? [Int], pulls.count <= SharedLimits.pulls,
                  pulls.allSatisfy({ $0 > 0 && $0 < Int(Int32.max) }) else { throw .malformed("pulls") }
            record = .commit(host: host, repo: repo, sha: try fields.sha("commit", optional: false)!, pulls: pulls,
                             fetchedAt: fetchedAt)
        default:
            throw .malformed("type")
        }
        guard record.key == key else { throw .misplaced }
        return record
    }
}

/// Typed, size-checked access to a decoded JSON object.
private struct Fields {
    let object: [String: Any]
    init(_ object: [String: Any]) { self.object = object }

    func text(_ name: String, limit: Int) throws(SharedRecordError) -> String {
        guard let value = object[name] as? String, value.utf8.count <= limit else { throw .malformed(name) }
        return value
    }

    func optional(_ name: String) throws(SharedRecordError) -> String? {
        if object[name] == nil || object[name] is NSNull { return nil }
        return try text(name, limit: SharedLimits.textBytes)
    }

    func number(_ name: String) throws(SharedRecordError) -> Int {
        guard let value = object[name] as? Int, value > 0, value < Int(Int32.max) else {
            throw .malformed(name)
        }
        return value
    }

    func optionalNumber(_ name: String) throws(SharedRecordError) -> Int? {
        if object[name] == nil || object[name] is NSNull { return nil }
        guard let value = object[name] as? Int, value >= 0, value < Int(Int32.max) else {
            throw .malformed(name)
        }
        return value
    }

    /// `owner/name` (GitLab: `group/sub/project`) as the backlog keys it: lower case, no spaces.
    func repo(_ name: String) throws(SharedRecordError) -> String {
        let value = try text(name, limit: 255)
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }),
              value == value.lowercased(),
              value.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0.value < 0x80 }) else {
            throw .malformed(name)
        }
        return value
    }

    func sha(_ name: String, optional: Bool) throws(SharedRecordError) -> String? {
        if optional, object[name] == nil || object[name] is NSNull { return nil }
        let value = try text(name, limit: 40)
        guard value.utf8.count == 40, value.utf8.allSatisfy({ Hex.value($0) < 16 }), value == value.lowercased() else {
            throw .malformed(name)
        }
        return value
    }

    /// `2025-03-01T12:00:00Z`, the form records are written with.
    func time(_ name: String) throws(SharedRecordError) -> Int64 {
        let value = Array(try text(name, limit: 32).utf8)
        func digits(_ range: Range<Int>) -> Int64? {
            var n: Int64 = 0
            for i in range { guard value[i] >= 0x30, value[i] <= 0x39 else { return nil }; n = n * 10 + Int64(value[i] - 0x30) }
            return n
        }
        guard value.count == 20, value[4] == 0x2D, value[7] == 0x2D, value[10] == 0x54, value[13] == 0x3A,
              value[16] == 0x3A, value[19] == 0x5A,
              let y = digits(0..<4), let mo = digits(5..<7), let d = digits(8..<10), let h = digits(11..<13),
              let mi = digits(14..<16), let s = digits(17..<19), (1...12).contains(mo), (1...31).contains(d),
              h < 24, mi < 60, s < 61 else { throw .malformed(name) }
        // Days from civil (Howard Hinnant), the inverse of ISODate's.
        let yy = mo <= 2 ? y - 1 : y
        let era = yy / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + h * 3600 + mi * 60 + s
    }
}
