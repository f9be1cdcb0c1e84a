import CGit2
import Foundation

/// Why `log`'s arguments name no history. Messages follow git's.
public enum RevisionArgumentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither a revision nor a file in the working tree (`git log nope`).
    case unknownRevisionOrPath(String)
    /// Both a revision and a file: git asks for `--`.
    case bothRevisionAndFilename(String)
    /// Before an explicit `--`, everything must be a revision.
    case badRevision(String)
    case outsideRepository(String)

    public var description: String {
        switch self {
        case let .unknownRevisionOrPath(arg):
            "ambiguous argument '\(arg)': unknown revision or path not in the working tree (use '--' to separate paths from revisions)"
        case let .bothRevisionAndFilename(arg):
            "ambiguous argument '\(arg)': both revision and filename (use '--' to separate paths from revisions)"
        case let .badRevision(arg): "bad revision '\(arg)'"
        case let .outsideRepository(path): "'\(path)' is outside repository"
        }
    }
}

/// `git log`'s positional arguments taken apart as git takes them: revisions (`a`, `^a`, `a..b`,
/// `a...b`, `a^@`, `a^!`, `a^-`) give the commits to walk from and to hide, and the rest are
/// paths — after `--`, or, without one, from the first argument that is no revision but names a
/// file in the working tree.
public struct RevisionArguments: Sendable {
    public var include: [CommitID] = []
    public var exclude: [CommitID] = []
    /// Paths from the top of the tree, normalised (`""` is the whole tree).
    public var paths: [String] = []
    /// The arguments that were revisions, as typed (to hand to `git log` when it walks instead).
    public var revisionArguments: [String] = []
    /// The paths as typed, relative to the current directory.
    public var pathArguments: [String] = []

    /// - Parameters:
    ///   - arguments: what came before `--`.
    ///   - separatedPaths: what came after `--`, or nil when there was none.
    public init(_ repository: Repository, arguments: [String], separatedPaths: [String]?) throws {
        var rest = arguments[...]
        while let arg = rest.first {
            do {
                try add(arg, repository)
            } catch let error as RevisionError {
                if separatedPaths != nil { throw Self.explicit(error, arg) }
                guard case .unknown = error, Self.isWorkTreeFile(arg, repository) else {
                    if case .unknown = error { throw RevisionArgumentError.unknownRevisionOrPath(arg) }
                    throw error
                }
                break
            }
            if separatedPaths == nil, Self.isWorkTreeFile(arg, repository) {
                throw RevisionArgumentError.bothRevisionAndFilename(arg)
            }
            revisionArguments.append(arg)
            rest = rest.dropFirst()
        }
        // Without `--`, what follows the first path must be paths too, and exist.
        for arg in rest where !Self.isWorkTreeFile(arg, repository) {
            throw RevisionArgumentError.unknownRevisionOrPath(arg)
        }
        pathArguments = Array(rest) + (separatedPaths ?? [])
        paths = try pathArguments.map { try Self.topLevelPath($0, repository) }
        if revisionArguments.isEmpty {
            include = [try repository.resolveCommit("HEAD")]
        }
    }

    private static func explicit(_ error: RevisionError, _ arg: String) -> any Error {
        if case .unknown = error { return RevisionArgumentError.badRevision(arg) }
        return error
    }

    private mutating func add(_ arg: String, _ repository: Repository) throws {
        if let range = arg.range(of: "...") ?? arg.range(of: "..") {
            let left = String(arg[..<range.lowerBound]), right = String(arg[range.upperBound...])
            if let a = try? repository.resolveCommit(left.isEmpty ? "HEAD" : left),
               let b = try? repository.resolveCommit(right.isEmpty ? "HEAD" : right) {
                if arg[range] == "..." {
                    include += [a, b]
                    exclude += try repository.mergeBases(a, b)
                } else {
                    include.append(b)
                    exclude.append(a)
                }
                return
            }
        }
        if arg.hasPrefix("^"), arg.count > 1 {
            exclude.append(try repository.resolveCommit(String(arg.dropFirst())))
        } else if arg.hasSuffix("^@"), arg.count > 2 {
            include += try parents(of: String(arg.dropLast(2)), repository, arg)
        } else if arg.hasSuffix("^!"), arg.count > 2 {
            let base = String(arg.dropLast(2))
            include.append(try repository.resolveCommit(base))
            exclude += try parents(of: base, repository, arg)
        } else if let dash = arg.range(of: "^-", options: .backwards), dash.lowerBound > arg.startIndex,
                  arg[dash.upperBound...].allSatisfy(\.isNumber) {
            let base = String(arg[..<dash.lowerBound])
            let n = arg[dash.upperBound...].isEmpty ? "1" : String(arg[dash.upperBound...])
            include.append(try repository.resolveCommit(base))
            exclude.append(try repository.resolveCommit("\(base)^\(n)"))
        } else {
            include.append(try repository.resolveCommit(arg))
        }
    }

    private func parents(of base: String, _ repository: Repository, _ arg: String) throws -> [CommitID] {
        let id = try repository.resolveCommit(base)
        guard let commit = try repository.objectDatabase().commit(id) else { throw RevisionError.unknown(arg) }
        return commit.parents
    }

    /// Whether `arg` names something in the working tree, from the current directory (git's
    /// `verify_filename`); never in a bare repository.
    static func isWorkTreeFile(_ arg: String, _ repository: Repository) -> Bool {
        guard repository.workingDirectory != nil, !arg.isEmpty else { return false }
        var st = stat()
        return lstat(arg, &st) == 0
    }

    /// `arg`, relative to the current directory, as a path from the top of the working tree.
    static func topLevelPath(_ arg: String, _ repository: Repository) throws -> String {
        var components: [Substring] = []
        if !arg.hasPrefix("/") {
            components = repository.currentPrefix.split(separator: "/")
        } else if let top = repository.workingDirectory.map(Self.real) {
            let absolute = Self.real(arg)
            guard absolute == top || absolute.hasPrefix(top + "/") else {
                throw RevisionArgumentError.outsideRepository(arg)
            }
            return String(absolute.dropFirst(top.count).drop { $0 == "/" })
        }
        for part in arg.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard components.popLast() != nil else { throw RevisionArgumentError.outsideRepository(arg) }
            default: components.append(part)
            }
        }
        return components.joined(separator: "/")
    }

    private static func real(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

extension Repository {
    /// Where the current directory lies in the working tree (`git rev-parse --show-prefix`
    /// without the trailing slash); empty at the top, outside it, or in a bare repository.
    public var currentPrefix: String {
        guard let top = workingDirectory, let cwd = getcwd(nil, 0) else { return "" }
        defer { free(cwd) }
        guard let realTop = realpath(top, nil) else { return "" }
        defer { free(realTop) }
        let here = String(cString: cwd), base = String(cString: realTop)
        guard here.hasPrefix(base + "/") else { return "" }
        return String(here.dropFirst(base.count + 1))
    }

    /// Every best common ancestor of two commits (`git merge-base --all`), for `a...b`.
    /// The corresponding libgit2 function is `git_merge_bases`.
    public func mergeBases(_ a: CommitID, _ b: CommitID) throws -> [CommitID] {
        guard var one = ObjectID(hex: a)?.oid, var two = ObjectID(hex: b)?.oid else { return [] }
        var array = git_oidarray()
        let rc = git_merge_bases(&array, handle, &one, &two)
        if rc == GIT_ENOTFOUND.rawValue { return [] }
        try check(rc, "find the merge bases of \(a) and \(b)")
        defer { git_oidarray_dispose(&array) }
        return (0..<array.count).map { array.ids[$0].hex }
    }
}
