#!/bin/sh
# Runs every benchmark script in bench/ in turn.
set -eu
cd "$(dirname "$0")"
for script in ./*.sh; do
    [ "$script" = ./run-all.sh ] && continue
    echo "== $script"
    "$script"
done
