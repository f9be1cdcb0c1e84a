#!/bin/sh
# Runs every benchmark script in bench/ (each prints its own figures); stops at the first failure.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
for script in "$dir"/*.sh; do
    [ "$script" = "$dir/run-all.sh" ] && continue
    echo "### $(basename "$script")"
    "$script"
    echo
done
