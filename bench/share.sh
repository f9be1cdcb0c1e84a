#!/bin/sh
# The shared cache (docs/sharing.md): `git forge publish --no-push` of RECORDS records into
# fresh refs (target < 2 s) and after one changed record (target < 100 ms); importing them into a
# fresh clone's store (target < 1 s); the hot-path ref check, as `git forge ingest` with nothing
# new, with and without a shared ref to check (target: < 0.3 ms apart); and the refs' size after
# `git gc`, in bytes per record.
# Usage: bench/share.sh [RECORDS] [RUNS]   (GIT_FORGE=path/to/git-forge to pick the binary)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
records=${1:-20000}
runs=${2:-10}
forge=${GIT_FORGE:-$here/../.build/release/git-forge}
[ -x "$forge" ] || { echo "build first: make build (or set GIT_FORGE)" >&2; exit 1; }
forge=$(cd "$(dirname "$forge")" && pwd)/$(basename "$forge")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
mkdir -p "$HOME"
git config --global user.name Bench
git config --global user.email bench@example.com
cd "$work"

# A clone whose store holds RECORDS resolved pull requests (written straight into SQLite: the
# resolver is not what is measured), one commit naming each.
git init -q --bare remote.git && git -C remote.git symbolic-ref HEAD refs/heads/main
git init -q -b main a
(cd a && python3 "$here/lib/make-history.py" "$records" | git fast-import --quiet && git checkout -q main \
  && git remote add origin "$work/remote.git" && git config forge.type github \
  && git config forge.repo bench/project && git config forge.apiUrl https://api.github.com \
  && git push -q origin main && "$forge" ingest >/dev/null)
python3 - "$work/a/.git/forge/forge.db" "$records" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = [("api.github.com", "bench/project", "pull", n, f"Pull request {n}", "Body " * 40, "merged",
         f"https://github.com/bench/project/pull/{n}", "2025-03-01T12:00:00Z", 1_740_830_400)
        for n in range(1, int(sys.argv[2]) + 1)]
db.executemany("""INSERT INTO forge_items(host, repo, kind, number, title, body, state, url, merged_at, fetched_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
db.execute("UPDATE forge_refs SET status = 'resolved'")
db.commit()
PY
# hyperfine's --prepare commands, as files (no quoting through three shells).
cat > "$work/drop.sh" <<'SH'
git update-ref -d refs/notes/forge-cache; git update-ref -d refs/notes/forge
SH
cat > "$work/touch.py" <<'PY'
import sqlite3, time
d = sqlite3.connect(".git/forge/forge.db")
d.execute("UPDATE forge_items SET fetched_at = ? WHERE number = 7", (int(time.time()),))
d.commit()
PY
cat > "$work/forget.py" <<'PY'
import sqlite3
d = sqlite3.connect(".git/forge/forge.db")
d.execute("DELETE FROM meta WHERE key LIKE 'shared.%'")
d.execute("DELETE FROM forge_items")
d.commit()
PY
cd a
hyperfine -N --warmup 1 --runs "$runs" --prepare "sh $work/drop.sh" --export-json "$work/first.json" \
  "$forge publish --no-push" >/dev/null 2>&1
"$forge" publish --no-push >/dev/null
hyperfine -N --warmup 1 --runs "$runs" --prepare "python3 $work/touch.py" --export-json "$work/one.json" \
  "$forge publish --no-push" >/dev/null 2>&1
"$forge" publish >/dev/null
cd "$work"

# A fresh clone imports them: measured as `ingest` after forgetting the last import.
git clone -q remote.git b
(cd b && git config forge.type github && git config forge.repo bench/project \
  && git config forge.apiUrl https://api.github.com \
  && git config --add remote.origin.fetch '+refs/notes/forge*:refs/notes/remotes/origin/forge*' \
  && git fetch -q origin && "$forge" ingest >/dev/null)
(cd b && hyperfine -N --warmup 1 --runs "$runs" --prepare "python3 $work/forget.py" --export-json "$work/import.json" \
  "$forge ingest" >/dev/null 2>&1)
# The hot path: ingest with nothing new, with the shared ref present (imported) and without.
(cd b && "$forge" ingest >/dev/null && hyperfine -N --warmup 5 --runs $((runs * 5)) --export-json "$work/check.json" \
  "$forge ingest" >/dev/null 2>&1)
git clone -q remote.git c
(cd c && git config forge.type github && git config forge.repo bench/project \
  && git config forge.apiUrl https://api.github.com && "$forge" ingest >/dev/null \
  && hyperfine -N --warmup 5 --runs $((runs * 5)) --export-json "$work/nocheck.json" "$forge ingest" >/dev/null 2>&1)

# Size after gc: every object the refs reach that history does not.
(cd a && git gc -q && for ref in refs/notes/forge-cache refs/notes/forge; do
  git rev-list --objects "$ref" | cut -d' ' -f1 | git cat-file --batch-check='%(objectsize:disk)' \
    | awk -v ref="$ref" '{ s += $1 } END { print ref, s }'
done) > "$work/size.txt"
notes=$(cd a && git notes --ref=forge list | wc -l)

python3 - "$work" "$records" "$runs" "$notes" <<'PY'
import json, statistics, sys
work, records, runs, notes = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
def median(name):
    return statistics.median(json.load(open(f"{work}/{name}.json"))["results"][0]["times"]) * 1000
def verdict(value, target):
    return "OK" if value < target else f"over the {target:g} ms target"
first, one, imp = median("first"), median("one"), median("import")
check, nocheck = median("check"), median("nocheck")
print(f"git forge publish --no-push, {records} records, median of {runs} runs")
print(f"  first publish        {first:8.1f} ms   {verdict(first, 2000)}")
print(f"  after one change     {one:8.1f} ms   {verdict(one, 100)}")
print(f"import of {records} records (git forge ingest after forgetting the import)")
print(f"  {imp:8.1f} ms   {verdict(imp, 1000)}")
print(f"git forge ingest with nothing new: with a shared ref {check:.2f} ms, without {nocheck:.2f} ms "
      f"(difference {check - nocheck:+.2f} ms; target < 0.3 ms)")
for line in open(f"{work}/size.txt"):
    ref, size = line.split()
    count = records if ref.endswith("forge-cache") else max(notes, 1)
    print(f"  {ref:<24} {int(size):>10} bytes after git gc, {int(size) / count:6.1f} bytes per "
          f"{'record' if ref.endswith('forge-cache') else 'note'}")
PY
