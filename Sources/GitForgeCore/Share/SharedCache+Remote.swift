import Foundation

/// Publishing to and fetching from a remote, through `git push` and `git fetch` themselves.
extension SharedCache {
    public struct PublishReport: Sendable, Equatable {
        public var written: Written
        public var remote: String?
        /// Push attempts made; more than one when another publisher got there first.
        public var attempts: Int
        /// The remote's refs were merged in before a retry.
        public var merged: Bool
    }

    /// Writes the local refs and, unless `remote` is nil, pushes both. A push that is not a
    /// fast-forward (another clone published meanwhile) fetches the remote's refs, merges them
    /// by the shared rule, writes again and retries, at most `attempts` times: nothing either
    /// publisher learned is lost, and nothing is ever force-pushed.
    /// - Throws: `ShareError` when the remote refuses the refs or git fails.
    public func publish(to remote: String?, attempts: Int = 5) throws -> PublishReport {
        if let remote { try SharedCache.checkRemoteName(remote) }
        var merged = false
        if let remote, try importIfMoved(remote: remote) != nil { merged = true }
        var written = try writeLocal()
        guard let remote else { return PublishReport(written: written, remote: nil, attempts: 0, merged: merged) }
        for attempt in 1...attempts {
            let result = GitRemoteCommand(repository: repository).run([
                "push", "--porcelain", "--", remote,
                "\(SharedRefs.cache):\(SharedRefs.cache)", "\(SharedRefs.notes):\(SharedRefs.notes)"])
            switch Self.pushOutcome(result) {
            case .pushed:
                return PublishReport(written: written, remote: remote, attempts: attempt, merged: merged)
            case let .refused(ref, reason):
                throw ShareError.refused(remote: remote, ref: ref, reason: reason)
            case let .failed(message):
                throw ShareError.git("git push \(remote)", message)
            case .behind:
                guard attempt < attempts else { break }
                try fetch(from: remote)
                _ = try importNow(remote: remote)
                merged = true
                let again = try writeLocal()
                written.newRecords += again.newRecords
                written.newNotes += again.newNotes
                written.records = again.records
                written.notes = again.notes
            }
        }
        throw ShareError.stillBehind(remote: remote, attempts: attempts)
    }

    /// `git fetch <remote> +refs/notes/forge*:refs/notes/remotes/<remote>/forge*`, alone (no
    /// tags, FETCH_HEAD untouched).
    /// - Parameter timeout: give up after this long (install: the remote may be unreachable).
    public func fetch(from remote: String, timeout: TimeInterval? = nil, quietPrompts: Bool = false) throws {
        try SharedCache.checkRemoteName(remote)
        let result = GitRemoteCommand(repository: repository).run(
            ["fetch", "--no-tags", "--no-write-fetch-head", "--quiet", "--", remote, SharedRefs.fetchRefspec(remote)],
            timeout: timeout, quietPrompts: quietPrompts)
        if result.timedOut { throw ShareError.timedOut(remote: remote, seconds: Int(timeout ?? 0)) }
        guard result.status == 0 else { throw ShareError.git("git fetch \(remote)", result.reason) }
    }

    static func checkRemoteName(_ remote: String) throws(ShareError) {
        guard SharedRefs.isPlainRemoteName(remote) else { throw .badRemote(remote) }
    }

    enum PushOutcome: Equatable {
        case pushed
        case behind
        case refused(ref: String, reason: String)
        case failed(String)
    }

    /// Reads `git push --porcelain`: one `<flag>\t<from>:<to>\t<summary> (<reason>)` line per ref;
    /// `!` is a rejection, by git itself (not a fast-forward: `behind`) or by the remote.
    static func pushOutcome(_ result: GitRemoteCommand.Output) -> PushOutcome {
        var behind = false
        for line in result.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 3, fields[0] == "!" else { continue }
            let ref = String(fields[1].split(separator: ":").last ?? fields[1])
            let summary = String(fields[2])
            // Another publisher got there first: git's own refusal, or the remote losing the race
            // for its ref lock while the other push lands.
            if (summary.hasPrefix("[rejected]")
                && (summary.contains("non-fast-forward") || summary.contains("fetch first") || summary.contains("stale info")))
                || (summary.hasPrefix("[remote rejected]")
                    && (summary.contains("failed to update ref") || summary.contains("cannot lock ref")
                        || summary.contains("failed to lock"))) {
                behind = true
                continue
            }
            var reason = summary
            if let open = summary.firstIndex(of: "("), summary.hasSuffix(")") {
                reason = String(summary[summary.index(after: open)..<summary.index(before: summary.endIndex)])
            }
            return .refused(ref: ref, reason: reason)
        }
        if behind { return .behind }
        if result.status == 0 { return .pushed }
        return .failed(result.reason)
    }
}

extension GitRemoteCommand.Output {
    /// What git said went wrong, in one line: its first `fatal:` or `error:` line (a failed
    /// fetch or push goes on with advice), else its last line.
    var reason: String {
        let lines = stderr.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let line = lines.first(where: { $0.hasPrefix("fatal: ") || $0.hasPrefix("error: ") }) {
            return String(line.drop { $0 != " " }.dropFirst())
        }
        return lines.last ?? "exit status \(status)"
    }
}

/// What can go wrong sharing through a remote; each says what happened and what follows.
public enum ShareError: Error, CustomStringConvertible, Equatable {
    case refused(remote: String, ref: String, reason: String)
    case stillBehind(remote: String, attempts: Int)
    case timedOut(remote: String, seconds: Int)
    case badRemote(String)
    case git(String, String)

    public var description: String {
        switch self {
        case let .refused(remote, ref, reason):
            "'\(remote)' refused \(ref) (\(reason)); this host may accept only branches and tags, "
                + "so clones resolve through the forge's API instead"
        case let .stillBehind(remote, attempts):
            "'\(remote)' kept moving: gave up after \(attempts) attempts to merge and push; run 'git forge publish' again"
        case let .timedOut(remote, seconds):
            "'\(remote)' did not answer within \(seconds) s"
        case let .badRemote(name):
            "'\(name)' is not a remote name git forge can use"
        case let .git(what, message):
            "\(what) failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}
