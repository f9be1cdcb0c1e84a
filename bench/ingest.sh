#!/bin/sh
# Ingest benchmark: the foundation issue's three targets, measured side by side in one run.
#   (a) full ingest vs `git log --branches --remotes --tags HEAD --format=%H%x00%B` (issue 16:
#       ≤ 2×) and vs the simple alternative a user might script (`git log -z` piped into
#       bench/lib/simple-ingest.c: one row per commit, one transaction, WAL; git forge must win)
#   (b) `git-forge ingest` after one new commit (target < 10 ms), and `git forge ingest` for reference
#   (c) peak RSS of a full ingest (target < 150 MB)
# Environment: BENCH_COMMITS (default 25000), BENCH_RUNS (default 10), BENCH_CACHE (where the
# generated history is kept between runs), GIT_FORGE (a binary to measure instead of building one).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
commits=${BENCH_COMMITS:-25000}
runs=${BENCH_RUNS:-10}
. "$root/bench/lib/generated-history.sh"
need git hyperfine python3 cc
build_if_stale

# The simple alternative, built against the system's SQLite.
simple=$cache/simple-ingest
mkdir -p "$cache"
if [ ! -x "$simple" ] || [ "$root/bench/lib/simple-ingest.c" -nt "$simple" ]; then
    cc -O2 -o "$simple" "$root/bench/lib/simple-ingest.c" -lsqlite3
fi

# A deterministic synthetic history with merges, and a copy of it to work on.
generated_history history make-history.py
work_copy

cpu() { python3 "$root/bench/lib/hyperfine-summary.py" cpu "$1"; }

echo "== Ingest: $count commits, $(nproc) cores, $(git --version), $("$bin" --version 2>/dev/null || echo git-forge)"

# (a) full ingest (fresh store each run) against git log reading the same commits, and against
# the simple alternative (a pipeline, so a script of its own: hyperfine -N runs no shell).
cat > "$work/simple.sh" <<SIMPLE
git log -z --branches --remotes --tags HEAD '--format=%H%x01%P%x01%an <%ae> %at%x01%cn <%ce> %ct%x01%B' |
    "$simple" "$work/simple.db"
SIMPLE
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$work/full.json" \
    --prepare "rm -rf .git/forge $work/simple.db $work/simple.db-wal $work/simple.db-shm" \
    'git log --branches --remotes --tags HEAD --format=%H%x00%B' \
    "$bin ingest" \
    "sh $work/simple.sh"
set -- $(median "$work/full.json")
python3 -c 'import sys; l,i,s=map(float,sys.argv[1:4]); print(f"full ingest: {i*1000:.0f} ms, git log: {l*1000:.0f} ms, ratio {i/l:.2f}x (target <= 2x); simple C alternative: {s*1000:.0f} ms, {s/l:.2f}x (git forge must be faster: {i/s:.2f}x of it)")' "$1" "$2" "$3"
echo "  cpu (user+sys, mean): $(cpu "$work/full.json")"

# (b) one new commit before each run.
hyperfine -N --style basic --warmup 2 --runs "$((runs * 2))" --export-json "$work/incr.json" \
    --prepare 'git commit -q --allow-empty -m bench' \
    "$bin ingest" \
    'git forge ingest'
set -- $(median "$work/incr.json")
python3 -c 'import sys; a,b=map(float,sys.argv[1:3]); print(f"incremental ingest (one new commit): git-forge {a*1000:.1f} ms (target < 10 ms), via git {b*1000:.1f} ms")' "$1" "$2"
echo "  cpu (user+sys, mean): $(cpu "$work/incr.json")"

# (c) peak memory of a full ingest.
rm -rf .git/forge
if [ -x /usr/bin/time ]; then
    kb=$(/usr/bin/time -f %M "$bin" ingest 2>&1 >/dev/null | tail -1)
else
    kb=$(python3 -c 'import resource,subprocess,sys; subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$bin" ingest)
fi
echo "full ingest max RSS: $((kb / 1024)) MB (target < 150 MB)"
