# Sourced by bench/ingest.sh and bench/scale.sh after they set $root, $commits and $runs: the
# binary to measure ($bin), a generated history cached between runs ($origin), and a copy of it to
# work on ($repo, the current directory), with no user or system git configuration.
# Environment: BENCH_CACHE (where histories are kept), GIT_FORGE (a binary instead of building one).

cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/git-forge-bench}
bin=${GIT_FORGE:-$root/.build/release/git-forge}

# need <tool>...: each must be on PATH.
need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "error: $tool is needed (make deps installs it)" >&2; exit 1; }
    done
}

# build_if_stale: the binary `make install` builds, rebuilt when a source is newer (unless
# GIT_FORGE names one).
build_if_stale() {
    [ -z "${GIT_FORGE:-}" ] || return 0
    if [ ! -x "$bin" ] || [ -n "$(find "$root/Sources" "$root/Package.swift" -newer "$bin" -print -quit)" ]; then
        (cd "$root" && swift build -c release --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie)
    fi
}

# generated_history <name> <generator in bench/lib> [repack]: $origin, the history made once by
# fast-import (deterministic) and cached; `repack` leaves it as one pack.
generated_history() {
    origin=$cache/$1-$commits
    [ ! -f "$origin/.bench-complete" ] || return 0
    rm -rf "$origin"
    mkdir -p "$origin"
    git init -q "$origin"
    python3 "$root/bench/lib/$2" "$commits" | git -C "$origin" fast-import --quiet
    git -C "$origin" symbolic-ref HEAD refs/heads/main
    if [ "${3:-}" = repack ]; then git -C "$origin" repack -adq; fi
    touch "$origin/.bench-complete"
}

# work_copy: $repo, a copy of $origin (the cached history stays as generated), made the current
# directory, with a GitHub remote as most users have (references get their repository and merges
# are attributed); $work is removed on exit; $count is its commits.
work_copy() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/git-forge-bench.XXXXXX")
    trap 'rm -rf "$work"' EXIT INT TERM
    cp -a "$origin" "$work/repo"
    repo=$work/repo
    export HOME=$work GIT_CONFIG_NOSYSTEM=1 PATH="$(dirname "$bin"):$PATH"
    export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com
    export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
    cd "$repo"
    git config remote.origin.url https://github.com/bench/history.git
    count=$(git rev-list --count --branches --remotes --tags HEAD)
}

median() { python3 "$root/bench/lib/hyperfine-summary.py" median "$1"; }
