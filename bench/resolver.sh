#!/bin/sh
# Resolver benchmark (issue 4): N referenced numbers (PRs, issues and missing numbers) resolved by
# `git forge sync --foreground` against the project's test forge on 127.0.0.1.
#   GitHub with a token: GraphQL, at the real pacing floor (PACE_GITHUB, default 750 ms).
#   GitLab and Gitea: request counts at PACE_OTHER (default 0 ms); their wall time at 750 ms is
#   extrapolated as requests x 0.75 s and printed as such.
# Usage: bench/resolver.sh            (N=17500 PACE_GITHUB=750 PACE_OTHER=0 BIN_DIR=.build/release)
set -eu
cd "$(dirname "$0")/.."
N=${N:-17500}
PACE_GITHUB=${PACE_GITHUB:-750}
PACE_OTHER=${PACE_OTHER:-0}
BIN=${BIN_DIR:-.build/release}
[ -x "$BIN/git-forge" ] && [ -x "$BIN/git-forge-testforge" ] || BIN=.build/debug
[ -x "$BIN/git-forge-testforge" ] || { echo "build first: swift build -c release" >&2; exit 1; }
BIN=$(cd "$BIN" && pwd)
WORK=$(mktemp -d)
FORGE_PID=
cleanup() { [ -n "$FORGE_PID" ] && kill "$FORGE_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
export HOME="$WORK/home" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com \
       GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@example.com
mkdir -p "$HOME"
# The forge has N + N/20 numbers, every 10th missing (deleted), every 3rd an issue.
COUNT=$((N + N / 20))

refs() { # sigil first last -> "#first … #last" in messages of 500 references
    seq -f "$1%g" "$2" "$3" | paste -d' ' - - - - - - - - - - | paste -d' ' - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -
}

run() { # flavor remote sigil-spec pace token-var
    flavor=$1 remote=$2 spec=$3 pace=$4 tokvar=$5
    repo="$WORK/$flavor"
    git init -q "$repo"
    git -C "$repo" remote add origin "$remote"
    git -C "$repo" config forge.paceMs "$pace"
    [ "$flavor" = github ] || git -C "$repo" config forge.associateLimit 0
    case $spec in
        gitlab) { refs '!' 1 $((N / 2)); refs '#' 1 $((N - N / 2)); } ;;
        *) refs '#' 1 "$N" ;;
    esac | while IFS= read -r line; do git -C "$repo" commit -q --allow-empty -m "Refs $line"; done
    "$BIN/git-forge-testforge" --flavor "$flavor" --repo "$(echo "$remote" | sed 's#.*//[^/]*/##; s#\.git$##')" \
        --count "$COUNT" --token bench-token > "$WORK/$flavor.url" &
    FORGE_PID=$!
    while [ ! -s "$WORK/$flavor.url" ]; do sleep 0.05; done
    git -C "$repo" config forge.apiUrl "$(cat "$WORK/$flavor.url")"
    start=$(date +%s.%N)
    # (GITEA_HOST: a Gitea/Forgejo token has no default host, Codeberg's included)
    (cd "$repo" && env "$tokvar=bench-token" GITEA_HOST=codeberg.org "$BIN/git-forge" sync --foreground >/dev/null 2>"$WORK/err") || { cat "$WORK/err"; exit 1; }
    end=$(date +%s.%N)
    kill "$FORGE_PID"; wait "$FORGE_PID" 2>/dev/null || true; FORGE_PID=
    (cd "$repo" && "$BIN/git-forge" status --json) | python3 -c "
import json, sys
s = json.load(sys.stdin); r = s['refs']; run = s['lastRun']
refs = r['pending'] + r['resolved'] + r['failed']; req = run['requests']; wall = $end - $start
print(f'$flavor: {refs} references ({r[\"resolved\"]} resolved, {r[\"failed\"]} not found, {r[\"pending\"]} pending), '
      f'{req} requests = {req / refs:.4f} requests/reference ({refs / req:.1f} references/request), '
      f'pacing {$pace} ms, wall {wall:.1f} s' + ('' if $pace else f', extrapolated at 750 ms: {req * 0.75 + wall:.0f} s'))
"
}

echo "resolver benchmark: N=$N, binaries $BIN"
run github https://github.com/o/r.git github "$PACE_GITHUB" GH_TOKEN
run gitlab https://gitlab.com/g/p.git gitlab "$PACE_OTHER" GITLAB_TOKEN
run gitea https://codeberg.org/o/r.git gitea "$PACE_OTHER" GITEA_TOKEN
