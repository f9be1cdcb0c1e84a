#!/bin/sh
# `git forge pr` and `issue` on a 50 000-commit store with every reference resolved, and
# `git forge prs` over a 1 000-commit range, median of several runs each, beside git reading the
# same commits in the same run. Targets: pr/issue < 10 ms, prs < 100 ms.
# Usage: bench/items.sh [COMMITS] [RUNS] [RANGE]   (GIT_FORGE=path/to/git-forge to pick the binary)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
commits=${1:-50000}
runs=${2:-30}
range=${3:-1000}
. "$here/lib/common.sh"
synthetic_repo "$commits"

# Every reference resolved as the resolver would leave it (lib/resolve-all.py); the busiest pull
# request and issue are asked about.
picks=$(python3 "$here/lib/resolve-all.py" .git/forge/forge.db)
set -- $picks
pull=$1 issue=$2
base=$(git rev-list --max-count=1 --skip="$range" HEAD)
count=$(git rev-list --count "$base..HEAD")
"$forge" pr "$pull" >/dev/null && "$forge" issue "$issue" >/dev/null

hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/items.json" \
  "$forge pr --no-pager $pull" "$forge issue --no-pager $issue" "git show --no-patch HEAD" \
  "$forge prs --no-pager $base..HEAD" "git log --oneline $base..HEAD" >/dev/null 2>&1

python3 - "$work/items.json" "$commits" "$runs" "$count" "$pull" "$issue" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
ms = [statistics.median(r["times"]) * 1000 for r in results]
commits, runs, count, pull, issue = sys.argv[2:7]
print(f"git forge pr / issue / prs, {commits}-commit store, median of {runs} runs")
for label, forge, target in ((f"pr {pull}", ms[0], 10), (f"issue {issue}", ms[1], 10)):
    print(f"  {label:<14} {forge:7.2f} ms   git show --no-patch {ms[2]:6.2f} ms   "
          f"{'OK' if forge < target else f'over the {target} ms target'}")
print(f"  prs ({count} commits) {ms[3]:7.2f} ms   git log --oneline {ms[4]:6.2f} ms   ratio {ms[3] / ms[4]:5.2f}x   "
      f"{'OK' if ms[3] < 100 else 'over the 100 ms target'}")
PY
