#!/bin/sh
# `git forge show` on a 50 000-commit store: HEAD and an old commit, median of several runs each,
# beside `git show --no-patch` of the same commit measured in the same run. Target: < 10 ms.
# Usage: bench/show.sh [COMMITS] [RUNS]   (GIT_FORGE=path/to/git-forge to pick the binary)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
commits=${1:-50000}
runs=${2:-30}
. "$here/lib/common.sh"
synthetic_repo "$commits"
old=$(git rev-list --max-count=1 --skip=$((commits * 4 / 5)) HEAD)
head=$(git rev-parse HEAD)

hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/show.json" \
  "$forge show --no-pager $head" "git show --no-patch $head" \
  "$forge show --no-pager $old" "git show --no-patch $old" >/dev/null 2>&1

python3 - "$work/show.json" "$commits" "$runs" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
ms = [statistics.median(r["times"]) * 1000 for r in results]
print(f"git forge show, {sys.argv[2]}-commit store, median of {sys.argv[3]} runs")
for label, forge, git in (("HEAD", ms[0], ms[1]), ("old commit", ms[2], ms[3])):
    print(f"  {label:<11} git forge show {forge:6.2f} ms   git show --no-patch {git:6.2f} ms   ratio {forge / git:5.2f}x"
          f"   {'OK' if forge < 10 else 'over the 10 ms target'}")
PY
