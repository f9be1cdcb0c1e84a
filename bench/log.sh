#!/bin/sh
# `git forge log` over a whole 25 000-commit history beside `git log --format='%h %s'` of the same
# history (target: <= 2x), and `git forge log -n 100` beside `git log -n 100 --oneline` (target:
# under 2x plus process start-up, `git-forge --version`), all in one hyperfine run, medians.
# Usage: bench/log.sh [COMMITS] [RUNS]   (GIT_FORGE=path/to/git-forge to pick the binary)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
commits=${1:-25000}
runs=${2:-15}
. "$here/lib/common.sh"
synthetic_repo "$commits"
# Every reference resolved and its item cached, so each commit's links are looked up in full.
python3 "$here/lib/resolve-all.py" .git/forge/forge.db >/dev/null

hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/log.json" \
  "$forge log --no-pager" "git log --format=%h\ %s" \
  "$forge log --no-pager -n 100" "git log -n 100 --oneline" \
  "$forge --version" >/dev/null 2>&1

python3 - "$work/log.json" "$commits" "$runs" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
ms = [statistics.median(r["times"]) * 1000 for r in results]
whole, git_whole, short, git_short, start = ms
print(f"git forge log, {sys.argv[2]}-commit history, median of {sys.argv[3]} runs")
print(f"  whole history  git forge log {whole:7.1f} ms   git log --format='%h %s' {git_whole:7.1f} ms"
      f"   ratio {whole / git_whole:5.2f}x   {'OK' if whole <= 2 * git_whole else 'over the 2x target'}")
print(f"  -n 100         git forge log {short:7.1f} ms   git log -n 100 --oneline {git_short:7.1f} ms"
      f"   start-up {start:5.1f} ms   {'OK' if short < 2 * git_short + start else 'over the target'}")
PY
