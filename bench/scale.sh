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
. "$root/bench/lib/generated-history.sh"
need git hyperfine python3
build_if_stale
generated_history linear make-linear-history.py repack
# A commit-graph, as `git gc` and `git maintenance` leave one: git's own walks (`git rev-parse
# HEAD~N`) read it, so the comparison is with git as users run it.
[ -f "$origin/.git/objects/info/commit-graph" ] || git -C "$origin" commit-graph write --reachable
work_copy
deep=$((count * 9 / 10))

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
