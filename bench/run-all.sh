#!/bin/sh
# Runs every benchmark in bench/ (each prints its own medians and targets).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for script in "$here"/*.sh; do
  [ "$(basename "$script")" = run-all.sh ] && continue
  echo "== $(basename "$script")"
  sh "$script"
done
