import CGit2

/// Why a revision named on the command line does not lead to a commit. Messages follow git's.
public enum RevisionError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknown(String)
    case ambiguous(String)
    case notACommit(String, type: String)
    case range(String)
    case emptyRepository(branch: String)
    case unreadable(String)

    public var description: String {
        switch self {
        case let .unknown(rev): "unknown revision '\(rev)'"
        case let .ambiguous(rev): "short object ID '\(rev)' is ambiguous"
        case let .notACommit(rev, type): "'\(rev)' names a \(type), not a commit"
        case let .range(rev): "'\(rev)' is a range; git forge show takes one commit"
        case let .emptyRepository(branch): "your current branch '\(branch)' does not have any commits yet"
        case let .unreadable(message): message
        }
    }
}

extension Repository {
    /// The commit `spec` names, in any form git understands (`HEAD~3`, an abbreviated id, a
    /// branch, an annotated tag, `main@{1}`); tags are peeled, trees and blobs refused.
    /// The corresponding libgit2 functions are `git_revparse_single` and `git_object_peel`.
    public func resolveCommit(_ spec: String) throws(RevisionError) -> CommitID {
        if Self.walksFar(spec), let id = commitResolvedByGit(spec) { return id }
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, handle, spec)
        if rc == GIT_EAMBIGUOUS.rawValue { throw .ambiguous(spec) }
        if rc < 0 {
            if isHeadUnborn, spec == "HEAD" || spec == "@" { throw .emptyRepository(branch: unbornBranchName) }
            if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue {
                throw isRange(spec) ? .range(spec) : .unknown(spec)
            }
            // Read before the fallback's own calls replace libgit2's last error.
            let error = GitError(operation: "resolve '\(spec)'", code: rc)
            if let id = unparsedCommit(spec) { return id }
            throw .unreadable(error.description)
        }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        guard git_object_peel(&commit, object, GIT_OBJECT_COMMIT) == 0, let commit else {
            var type = git_object_type(object)
            if type == GIT_OBJECT_TAG {
                // A tag of a tree or blob: name what it finally points at.
                var target: OpaquePointer?
                if git_object_peel(&target, object, GIT_OBJECT_ANY) == 0 {
                    type = git_object_type(target)
                    git_object_free(target)
                }
            }
            throw .notACommit(spec, type: String(cString: git_object_type2string(type)))
        }
        defer { git_object_free(commit) }
        return git_object_id(commit).pointee.hex
    }

    /// The commit a ref (`HEAD`, a branch, a tag naming a commit directly) or a full id names,
    /// found from the ref and the object's header without parsing the commit: libgit2 refuses
    /// commits with a malformed date or email that git shows and ingest stores (old histories
    /// have them; `git fsck` calls them badDate and badEmail).
    /// The corresponding libgit2 function is `git_reference_dwim`.
    private func unparsedCommit(_ spec: String) -> CommitID? {
        var oid = git_oid()
        var ref: OpaquePointer?
        if git_reference_dwim(&ref, handle, spec) == 0 {
            defer { git_reference_free(ref) }
            var resolved: OpaquePointer?
            guard git_reference_resolve(&resolved, ref) == 0 else { return nil }
            defer { git_reference_free(resolved) }
            guard let target = git_reference_target(resolved) else { return nil }
            oid = target.pointee
        } else if spec.utf8.count != 40 || git_oid_fromstr(&oid, spec) != 0 {
            return nil
        }
        let id = ObjectID(oid)
        guard (try? objectDatabase())?.isCommit(id) == true else { return nil }
        return id.hex
    }

    /// `A..B` or `A...B` with both ends existing: git would list several commits.
    private func isRange(_ spec: String) -> Bool {
        var revspec = git_revspec()
        guard git_revparse(&revspec, handle, spec) == 0 else { return false }
        defer {
            git_object_free(revspec.from)
            git_object_free(revspec.to)
        }
        return revspec.flags & GIT_REVSPEC_RANGE.rawValue != 0
    }

    /// The branch an unborn HEAD points at (`main` in `git init -b main`).
    private var unbornBranchName: String {
        var ref: OpaquePointer?
        guard git_reference_lookup(&ref, handle, "HEAD") == 0 else { return "HEAD" }
        defer { git_reference_free(ref) }
        guard let target = git_reference_symbolic_target(ref) else { return "HEAD" }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst(11)) : name
    }
}
