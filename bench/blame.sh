#!/bin/sh
# `git forge blame` of a file with a long history (a 2 000-line file changed by COMMITS commits,
# a few lines at a time) beside `git blame --porcelain` of the same file and revision, in one
# hyperfine run, medians (target: <= 1.5x), text and --json.
# Usage: bench/blame.sh [COMMITS] [RUNS]   (GIT_FORGE=path/to/git-forge to pick the binary)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
commits=${1:-500}
runs=${2:-15}
. "$here/lib/common.sh"
cd "$work"
git init -q -b main repo && cd repo
python3 - "$commits" <<'PY' | git fast-import --quiet
import random, sys
rng = random.Random(1)
lines = [f"line {i} of the original text\n" for i in range(2000)]
out = sys.stdout.buffer
t = 1_600_000_000
for n in range(1, int(sys.argv[1]) + 1):
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(lines))
        if rng.random() < 0.3:
            lines.insert(i, f"inserted by change {n}\n")
        else:
            lines[i] = f"changed by {n}: {lines[i][:40].strip()}\n"
    blob = "".join(lines).encode()
    msg = f"Change {n} of the big file (#{n})\n".encode()
    t += 600
    out.write(b"commit refs/heads/main\n")
    out.write(f"author Dev <dev@example.com> {t} +0000\ncommitter Dev <dev@example.com> {t} +0000\n".encode())
    out.write(f"data {len(msg)}\n".encode() + msg)
    out.write(f"M 100644 inline big.txt\ndata {len(blob)}\n".encode() + blob + b"\n")
PY
git checkout -q main
git remote add origin https://github.com/bench/project.git
"$forge" ingest >/dev/null
# Every reference resolved and its item cached, so each commit's links are looked up in full.
python3 "$here/lib/resolve-all.py" .git/forge/forge.db >/dev/null

hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/blame.json" \
  "$forge blame --no-pager big.txt" "$forge blame --json big.txt" "git blame --porcelain big.txt" >/dev/null 2>&1

python3 - "$work/blame.json" "$commits" "$runs" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
text, as_json, git = [statistics.median(r["times"]) * 1000 for r in results]
print(f"git forge blame, a 2000-line file changed by {sys.argv[2]} commits, median of {sys.argv[3]} runs")
for label, ms in (("text", text), ("--json", as_json)):
    print(f"  {label:<7} git forge blame {ms:7.1f} ms   git blame --porcelain {git:7.1f} ms"
          f"   ratio {ms / git:5.2f}x   {'OK' if ms <= 1.5 * git else 'over the 1.5x target'}")
PY
