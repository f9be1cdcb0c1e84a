/// The web page `git forge browse` opens: a number's pull request or issue, or the pull request a
/// commit came from (as `show` finds it), else the commit itself. A cached item gives its own URL;
/// anything else is spelt the way the forge's web interface spells it. Offline: the forge is not
/// asked whether the page exists.
public enum BrowseTarget {
    /// - Parameter argument: `12`, `#12`, GitLab's `!12`, or any revision; nil for `HEAD`.
    /// - Throws: `ItemError.noForge` without a detected forge; `RevisionError`, `StoreError`.
    public static func url(for argument: String?, workspace: Workspace, store: ForgeStore) throws -> String {
        let settings: ForgeSettings
        switch workspace.forge {
        case let .success(found): settings = found
        case let .failure(error): throw ItemError.noForge(String(describing: error))
        }
        let web = WebPages(settings: settings)
        if let argument, let (number, pull) = number(argument) {
            if let url = try store.itemURL(number, context: workspace.referenceContext, host: settings.host,
                                           preferPull: pull) { return url }
            return pull ? web.pullRequest(number) : web.issue(number)
        }
        let context = try ShowQuery(workspace: workspace, store: store).run(revision: argument ?? "HEAD")
        if let pull = context.pullRequests.first(where: { $0.relation == .mergedIn && !$0.crossRepository }) {
            return pull.item?.url ?? web.pullRequest(pull.number)
        }
        return web.commit(context.commit.sha)
    }

    /// `12` and `#12` (either kind), `!12` (a merge request): how `gh browse` tells numbers from
    /// revisions — digits alone are a number, even if a commit id could start with them.
    static func number(_ text: String) -> (Int, pull: Bool)? {
        var digits = Substring(text), pull = false
        if digits.hasPrefix("#") { digits = digits.dropFirst() } else if digits.hasPrefix("!") {
            digits = digits.dropFirst()
            pull = true
        }
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let n = Int(digits), n > 0 else { return nil }
        return (n, pull)
    }
}

/// Web URLs as each forge's interface spells them. GitHub and Gitea/Forgejo redirect `/issues/N`
/// to `/pull(s)/N` for a pull request, so a number of unknown kind opens as an issue.
struct WebPages {
    let settings: ForgeSettings

    private var base: String { "https://\(settings.host)/\(settings.repo)" }

    func issue(_ n: Int) -> String {
        settings.type == .gitlab ? "\(base)/-/issues/\(n)" : "\(base)/issues/\(n)"
    }

    func pullRequest(_ n: Int) -> String {
        switch settings.type {
        case .github: "\(base)/pull/\(n)"
        case .gitlab: "\(base)/-/merge_requests/\(n)"
        case .gitea, .forgejo: "\(base)/pulls/\(n)"
        }
    }

    func commit(_ sha: String) -> String {
        settings.type == .gitlab ? "\(base)/-/commit/\(sha)" : "\(base)/commit/\(sha)"
    }
}
