#!/usr/bin/env python3
"""Writes a git fast-import stream of a linear history with short messages to stdout.

Usage: make-linear-history.py COMMITS [SEED]

The shape issue 16 measures at a million commits: one branch, one-line subjects of which 30% end
in "(#N)", a one-line body in 20% of commits saying "Fixes #N", and no file changes (every commit
has the empty tree), so the history is all commit objects. Deterministic for a given seed.
"""
import random
import sys

WORDS = ("parser cache resolver commit branch merge index config remote hook store "
         "fix add remove update refactor improve handle support avoid crash leak race").split()


def main():
    total = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    out = sys.stdout.buffer
    t = 1_000_000_000
    chunks = []
    for n in range(1, total + 1):
        t += rng.randint(1, 600)
        subject = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
        if rng.random() < 0.3:
            subject += f" (#{rng.randint(1, n // 3 + 1)})"
        msg = subject + "\n"
        if rng.random() < 0.2:
            msg += f"\nFixes #{rng.randint(1, n // 3 + 1)}\n"
        data = msg.encode()
        chunks.append(b"commit refs/heads/main\nmark :%d\nauthor Dev Eloper <dev@example.com> %d +0000\n"
                      b"committer Dev Eloper <dev@example.com> %d +0000\ndata %d\n%s\n"
                      % (n, t, t, len(data), data))
        if n == 1:
            chunks.append(b"deleteall\n")
        chunks.append(b"\n")
        if len(chunks) > 4096:
            out.write(b"".join(chunks))
            chunks.clear()
    out.write(b"".join(chunks))


main()
