#!/usr/bin/env bash
# `make demo`: git forge end to end, offline. A fresh repository in a temp directory, the project's
# own test forge on 127.0.0.1, the checkout's own binary, the hooks installed, commits that name
# pull requests and issues, the background resolver, then `status`, `show`, `log`, `blame`, `pr`, `issue`,
# `prs` and `browse`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${GIT_FORGE_DEMO_BIN:-$here/.build/debug}
[ -x "$bin/git-forge" ] && [ -x "$bin/git-forge-testforge" ] || {
  echo "building git-forge and the test forge…" >&2
  (cd "$here" && swift build --product git-forge >&2 && swift build --product git-forge-testforge >&2)
}
export PATH="$bin:$PATH"
work=$(mktemp -d /tmp/git-forge-demo.XXXXXX)
forge_out="$work/forge.out"
cleanup() { [ -n "${forge_pid:-}" ] && kill "$forge_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The test forge: GitHub's REST shapes for octo/widgets #1-#40, every 10th number missing.
git-forge-testforge --flavor github --repo octo/widgets --count 40 --missing-every 10 >"$forge_out" &
forge_pid=$!
for _ in $(seq 100); do [ -s "$forge_out" ] && break; sleep 0.05; done
api=$(head -n1 "$forge_out")
echo "test forge: $api"

export HOME="$work/home" GIT_AUTHOR_NAME="Demo Dev" GIT_AUTHOR_EMAIL=dev@example.com \
       GIT_COMMITTER_NAME="Demo Dev" GIT_COMMITTER_EMAIL=dev@example.com
mkdir -p "$HOME"
unset GH_TOKEN GITHUB_TOKEN
repo="$work/widgets"
git init -q -b main "$repo"
cd "$repo"
git remote add origin https://github.com/octo/widgets.git
git config forge.apiUrl "$api"
git config forge.paceMs 50
git commit -q --allow-empty -m "Initial import"
printf 'parse(widget)\n{\n  return widget.parts\n}\n' > widget.c && git add widget.c
git commit -q -m "Add the widget parser (#3)"
printf 'parse(widget)\n{\n  if (!widget) return none\n  return widget.parts\n}\n' > widget.c && git add widget.c
git commit -q -m "Fix crash on empty input" -m "Fixes #7, see also #12."

echo; echo "\$ git forge install"
git forge install
git checkout -q -b topic
git commit -q --allow-empty -m "Support nested widgets" -m "Closes #21"
git checkout -q main
git merge -q --no-ff -m "Merge pull request #22 from octo/topic" topic
git commit -q --allow-empty -m "Mention the missing #30 and octo/widgets#5"

echo; echo "waiting for the background resolver…"
for _ in $(seq 200); do
  if git forge status --json | grep -q '"running" : false' && git forge status --json | grep -q '"pending" : 0'; then break; fi
  sleep 0.1
done
echo; echo "\$ git forge status"; git forge status
for rev in HEAD HEAD~1 HEAD~1^2 HEAD~3; do
  echo; echo "\$ git forge show $rev"; git --no-pager forge show --no-pager "$rev"
done
echo; echo "\$ git forge show --json HEAD~2"; git forge show --json HEAD~2
echo; echo "\$ git forge log"; git forge log --no-pager
echo; echo "\$ git forge blame widget.c"; git forge blame --no-pager widget.c
git tag v0.1 HEAD~3
echo; echo "\$ git forge pr 22"; git forge pr --no-pager 22
echo; echo "\$ git forge issue 21"; git forge issue --no-pager 21
echo; echo "\$ git forge prs v0.1..main"; git forge prs --no-pager v0.1..main
echo; echo "\$ git forge browse HEAD~1 | cat"; git forge browse HEAD~1 | cat
