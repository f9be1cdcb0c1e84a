#!/bin/sh
# Scale benchmark (issue 16): a long linear history of short messages, measured side by side in
# one run, medians of several runs.
#   full `git forge ingest` vs `git log --branches --remotes --tags HEAD --format=%H%x00%B`
#   peak RSS of both; store size vs the bytes git's pack spends on commit objects
#   one-commit incremental ingest vs `git-forge --version`; `show` and `status`
#   `show HEAD~N` vs `git rev-parse HEAD~N` (N = 90% of the history)
# Environment: BENCH_COMMITS (default 1000000), BENCH_RUNS (default 5), BENCH_CACHE (where the
# generated history is kept between runs), GIT_FORGE (a binary to measure instead of building one).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
commits=${BENCH_COMMITS:-1000000}
runs=${BENCH_RUNS:-5}
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/git-forge-bench}
bin=${GIT_FORGE:-$root/.build/release/git-forge}

for tool in git hyperfine python3; do
    command -v $tool >/dev/null || { echo "error: $tool is needed (make deps installs it)" >&2; exit 1; }
done

if [ -z "${GIT_FORGE:-}" ]; then
    if [ ! -x "$bin" ] || [ -n "$(find "$root/Sources" "$root/Package.swift" -newer "$bin" -print -quit)" ]; then
        (cd "$root" && swift build -c release --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie)
    fi
fi

# The history: generated once by fast-import (deterministic), cached, one pack.
origin=$cache/linear-$commits
if [ ! -f "$origin/.bench-complete" ]; then
    rm -rf "$origin"
    mkdir -p "$origin"
    git init -q "$origin"
    python3 "$root/bench/lib/make-linear-history.py" "$commits" | git -C "$origin" fast-import --quiet
    git -C "$origin" symbolic-ref HEAD refs/heads/main
    git -C "$origin" repack -adq
    touch "$origin/.bench-complete"
fi
# A commit-graph, as `git gc` and `git maintenance` leave one: git's own walks (`git rev-parse
# HEAD~N`) read it, so the comparison is with git as users run it.
[ -f "$origin/.git/objects/info/commit-graph" ] || git -C "$origin" commit-graph write --reachable

work=$(mktemp -d "${TMPDIR:-/tmp}/git-forge-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cp -a "$origin" "$work/repo"
repo=$work/repo
export HOME=$work GIT_CONFIG_NOSYSTEM=1 PATH="$(dirname "$bin"):$PATH"
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
cd "$repo"
git config remote.origin.url https://github.com/bench/history.git
count=$(git rev-list --count --branches --remotes --tags HEAD)
deep=$((count * 9 / 10))

median() { python3 "$root/bench/lib/hyperfine-summary.py" median "$1"; }
ratio() { python3 -c 'import sys; a,b=map(float,sys.argv[2:4]); t=sys.argv[4]; print(f"{sys.argv[1]}: {a*1000:.1f} ms vs {b*1000:.1f} ms, ratio {a/b:.2f}x{t}")' "$@"; }
# Peak RSS in KiB of one command, output discarded.
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

echo "== Scale: $count commits, $(nproc) cores, $(git --version), $("$bin" --version 2>/dev/null || echo git-forge)"

hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$work/full.json" \
    --prepare 'rm -rf .git/forge' \
    'git log --branches --remotes --tags HEAD --format=%H%x00%B' \
    "$bin ingest"
set -- $(median "$work/full.json")
ratio "full ingest vs git log" "$2" "$1" " (target <= 2x)"

rm -rf .git/forge
log_kb=$(peak git log --branches --remotes --tags HEAD '--format=%H%x00%B')
forge_kb=$(peak "$bin" ingest)
echo "peak RSS: git forge ingest $((forge_kb / 1024)) MB, git log $((log_kb / 1024)) MB (target: at most git log's + 100 MB)"

store=$(($(stat -c %s .git/forge/forge.db) + $(stat -c %s .git/forge/forge.db-wal 2>/dev/null || echo 0)))
git_bytes=$(git cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize:disk)' |
    awk '$1 == "commit" { n += $2 } END { print n }')
python3 -c 'import sys; s,g,c=map(int,sys.argv[1:4]); print(f"store: {s/1e6:.1f} MB ({s/c:.0f} bytes/commit), git commit objects on disk: {g/1e6:.1f} MB, ratio {s/g:.2f}x (target <= 2x)")' "$store" "$git_bytes" "$count"

hyperfine -N --style basic --warmup 2 --runs "$((runs * 4))" --export-json "$work/incr.json" \
    --prepare 'git commit -q --allow-empty -m bench' \
    "$bin ingest" \
    "$bin --version"
set -- $(median "$work/incr.json")
python3 -c 'import sys; a,b=map(float,sys.argv[1:3]); print(f"one-commit ingest: {a*1000:.1f} ms, --version {b*1000:.1f} ms, beyond start-up {(a-b)*1000:.1f} ms (target <= 5 ms)")' "$1" "$2"

hyperfine -N --style basic --warmup 2 --runs "$((runs * 4))" --export-json "$work/views.json" \
    "$bin show --no-pager" \
    "$bin status"
set -- $(median "$work/views.json")
python3 -c 'import sys; a,b=map(float,sys.argv[1:3]); print(f"show: {a*1000:.1f} ms (target < 10 ms), status: {b*1000:.1f} ms (target < 20 ms)")' "$1" "$2"

# The target: at most 1.5x `git rev-parse` plus the lookup, the lookup being `show` of the same
# commit named by its full id (no revision to walk), measured in the same run.
sha=$(git rev-parse "HEAD~$deep")
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$work/deep.json" \
    "$bin show --no-pager HEAD~$deep" \
    "git rev-parse HEAD~$deep" \
    "$bin show --no-pager $sha"
set -- $(median "$work/deep.json")
python3 -c 'import sys; a,b,c=map(float,sys.argv[2:5]); t=1.5*b+c
print(f"show HEAD~{sys.argv[1]}: {a*1000:.1f} ms; git rev-parse {b*1000:.1f} ms, show <sha> {c*1000:.1f} ms: "
      f"budget 1.5x + lookup {t*1000:.1f} ms ({a/t:.2f} of it; target <= 1)")' "$deep" "$1" "$2" "$3"
