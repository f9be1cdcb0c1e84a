#!/usr/bin/env python3
"""Reads a hyperfine --export-json file.

Usage: hyperfine-summary.py median FILE   -> the median wall times in seconds, space-separated
       hyperfine-summary.py cpu FILE      -> "name 12.3 ms, ..." mean CPU time (user + system)

CPU time does not grow when other processes share the cores, so a loaded machine can still be
compared with a quiet one; wall time is what the targets are about.
"""
import json
import sys

mode, path = sys.argv[1], sys.argv[2]
results = json.load(open(path))["results"]
if mode == "median":
    print(" ".join(str(r["median"]) for r in results))
else:
    def name(command):
        words = command.split()
        return " ".join([words[0].rsplit("/", 1)[-1]] + words[1:2])
    print(", ".join(f"{name(r['command'])} {(r['user'] + r['system']) * 1000:.1f} ms" for r in results))
