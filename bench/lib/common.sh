# Sourced by the bench scripts after they set $here: the binary to measure ($forge: GIT_FORGE, else
# the release build `make build` makes) and a scratch directory ($work), removed on exit.
forge=${GIT_FORGE:-$here/../.build/release/git-forge}
[ -x "$forge" ] || { echo "build first: make build (or set GIT_FORGE)" >&2; exit 1; }
forge=$(cd "$(dirname "$forge")" && pwd)/$(basename "$forge")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A repository of $1 generated commits (lib/make-history.py) in $work/repo, ingested, with a
# github.com origin; the current directory is left there.
synthetic_repo() {
    cd "$work"
    git init -q -b main repo && cd repo
    python3 "$here/lib/make-history.py" "$1" | git fast-import --quiet
    git checkout -q main
    git remote add origin https://github.com/bench/project.git
    "$forge" ingest >/dev/null
}
