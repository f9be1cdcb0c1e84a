#!/bin/sh
# `make stress`: the reliability suites (Tests/GitForgeCLITests/Reliability), then a long load run
# beyond what `make test` can afford, and docs/reliability.md rewritten with the figures.
# Needs root for the tmpfs fault cases (they are reported as skipped otherwise).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
SWIFT=${SWIFT:-swift}
ROUNDS=${STRESS_ROUNDS:-3}
KILLS=${STRESS_KILLS:-50}
HOOKS=${STRESS_HOOKS:-500}
COMMITS=${STRESS_COMMITS:-50}
work=$(mktemp -d)
trap 'umount -l "$work"/*/.git/forge 2>/dev/null || true; rm -rf "$work"' EXIT

$SWIFT build --build-tests >/dev/null
bin="$root/.build/debug/git-forge"

# 1. The suites, ROUNDS times (load and concurrency races show up on repetition). Under stress the
#    kill test kills KILLS times per round, and the forge-fault cases that wait out curl's 20 s
#    low-speed timeout (a hung answer, a drip under 1 KB/s) run too.
export GIT_FORGE_STRESS=1 GIT_FORGE_KILLS="$KILLS"
suites="BadInputTests OddInputTests LoadTests StoreFaultTests SecurityTests KillTests ForgeFaultTests TokenDrainTests"
results=""
for suite in $suites; do
  passed=0; failed=0; cases=""; skipped=0
  i=0
  while [ $i -lt "$ROUNDS" ]; do
    i=$((i + 1))
    log="$work/$suite.$i.log"
    if $SWIFT test --skip-build --filter "GitForgeCLITests.$suite" >"$log" 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    cases=$(grep -Eo 'with [0-9]+ test cases? passed' "$log" | awk '{s += $2} END {print s + 0}')
    tests=$(grep -Ec '^✔ Test [A-Za-z0-9_]+\(' "$log" || true)
    skipped=$(grep -c 'skipped' "$log" || true)
    [ $failed -gt 0 ] && { echo "== $suite failed, round $i:"; grep -E '✘' "$log" | head -20; }
    grep -h '^kill9: ' "$log" >>"$work/kill9" || true
  done
  results="$results| $suite | $tests tests ($cases parameterised cases) | $passed/$ROUNDS rounds passed | $skipped skipped |
"
  echo "$suite: $passed/$ROUNDS rounds passed"
done

touch "$work/kill9"
killrounds=$(wc -l <"$work/kill9")
sumof() { grep -Eo "[0-9]+ $1" "$work/kill9" | awk '{ s += $1 } END { print s + 0 }'; }
killsum="$(sumof kills) kills ($(sumof mid-drain) mid-drain), $(sumof fetches) fetches, $(sumof repeated) repeated (the request in flight), $(sumof 'committed refetched') committed refetched"
echo "kill -9: $killrounds rounds: $killsum"

# 2. Long load: HOOKS hook invocations and COMMITS real commits (with hooks) at once, a sync
#    every 50 hooks; then the invariants: one resolver at a time, no lock errors, no lost or
#    duplicated commit.
repo="$work/load"
export HOME="$work/home" GIT_AUTHOR_NAME=Stress GIT_AUTHOR_EMAIL=s@example.com GIT_COMMITTER_NAME=Stress GIT_COMMITTER_EMAIL=s@example.com
mkdir -p "$HOME"
PATH="$(dirname "$bin"):$PATH"; export PATH
git init -q -b main "$repo"
cd "$repo"
git remote add origin https://github.com/o/r.git
# The forge is "down" on loopback: the real github.com must never be tried from a test.
git config forge.apiUrl http://127.0.0.1:1
git commit -q --allow-empty -m "start (#1)"
git-forge install >/dev/null
start=$(date +%s.%N)
n=0
while [ $n -lt "$HOOKS" ]; do
  n=$((n + 1))
  if [ $((n % 50)) -eq 0 ]; then git-forge sync >/dev/null 2>>"$work/stderr" &
  else git-forge hook post-commit 2>>"$work/stderr" & fi
done
c=0
while [ $c -lt "$COMMITS" ]; do c=$((c + 1)); git commit -q --allow-empty -m "load $c fixes #$((c + 100))"; done
wait
# Settle: no git-forge process left in this repository.
busy() {
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/exe" 2>/dev/null)" = "$bin" ] && [ "$(readlink "$p/cwd" 2>/dev/null)" = "$repo" ] && return 0
  done
  return 1
}
quiet=0
while [ $quiet -lt 3 ]; do if busy; then quiet=0; else quiet=$((quiet + 1)); fi; sleep 0.2; done
end=$(date +%s.%N)
expected=$(git rev-list --all --count)
stored=$(git-forge status --json | sed -n 's/^  "commits" : \([0-9]*\),*/\1/p')
locked=$(cat .git/forge/resolver.log "$work/stderr" | grep -c 'locked' || true)
# (The forge is down on purpose: a resolver run failing to connect is expected, not an error.)
errors=$(cat .git/forge/resolver.log "$work/stderr" | grep 'error' | grep -vc 'failed: .*127\.0\.0\.1:1' || true)
overlap=$(awk '/resolver started/ { if (held) bad++; held = 1 } /resolver exiting|resolver stopped/ { held = 0 } END { print bad + 0 }' .git/forge/resolver.log)
starts=$(grep -c 'resolver started' .git/forge/resolver.log || true)
lost=$((expected - stored))
seconds=$(awk "BEGIN { printf \"%.1f\", $end - $start }")
echo "load: $HOOKS hooks + $COMMITS commits in ${seconds}s; commits $stored/$expected; resolver runs $starts, overlapping $overlap; 'locked' $locked; errors $errors"
cd "$root"

# 3. The figures.
status=held
[ "$lost" -ne 0 ] || [ "$overlap" -ne 0 ] || [ "$locked" -ne 0 ] || [ "$errors" -ne 0 ] && status=FAILED
sed -e "/<!-- stress:begin -->/,/<!-- stress:end -->/{/<!-- stress:/!d}" docs/reliability.md > "$work/doc"
{
  sed -n '1,/<!-- stress:begin -->/p' "$work/doc"
  echo "Latest \`make stress\`: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, git-forge $("$bin" --version)."
  echo
  echo "| Suite | Size | Result | Skipped |"
  echo "|---|---|---|---|"
  printf '%s' "$results"
  echo
  echo "| Long load | Figure |"
  echo "|---|---|"
  echo "| Hook invocations + syncs at once | $HOOKS (a \`sync\` every 50th) |"
  echo "| Real commits with hooks, meanwhile | $COMMITS |"
  echo "| Wall time until quiet | ${seconds} s |"
  echo "| Resolver runs / overlapping | $starts / $overlap |"
  echo "| \`database is locked\` / other errors | $locked / $errors |"
  echo "| Commits in the eventlog / in git (data lost) | $stored / $expected ($lost lost) |"
  echo "| Load | $status |"
  echo
  echo "| kill -9 during a drain | Figure |"
  echo "|---|---|"
  echo "| Rounds × kills per round | $killrounds × $KILLS (\`make test\`: 20) |"
  echo "| Total | $killsum |"
  sed 's/^kill9: /| Last round | /; s/$/ |/' "$work/kill9" | tail -1
  sed -n '/<!-- stress:end -->/,$p' "$work/doc"
} > docs/reliability.md
echo "docs/reliability.md updated"
[ "$status" = held ]
