#!/usr/bin/env python3
"""Writes a git fast-import stream of a synthetic, GitHub-shaped history to stdout.

Usage: make-history.py COMMITS [SEED]

The history looks like a busy project's: mostly squash-merged commits whose subjects end in
"(#N)", merge commits of pull requests ("Merge pull request #N from ...") with a side branch of
one or two commits, closing keywords and mentions in bodies, ~700-byte messages, and one file
changed per commit. Deterministic for a given seed, so runs can be compared.
"""
import random
import sys

WORDS = ("parser cache resolver commit branch merge index config remote hook store "
         "fix add remove update refactor improve handle support avoid crash leak race "
         "timeout retry error message test docs build release window buffer stream").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def body(rng, pr):
    paras = []
    for _ in range(rng.randint(2, 5)):
        paras.append(sentence(rng, rng.randint(15, 30)).capitalize() + ".")
    r = rng.random()
    if r < 0.3:
        paras.append(f"Fixes #{rng.randint(1, pr)}")
    elif r < 0.5:
        paras.append(f"See #{rng.randint(1, pr)} and #{rng.randint(1, pr)} for context.")
    paras.append("Signed-off-by: Dev Eloper <dev@example.com>")
    return "\n\n".join(paras)


def main():
    total = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    out = sys.stdout.buffer
    t = 1_600_000_000
    mark = 0
    main_mark = None
    pr = 100
    written = 0

    def commit(ref, msg, parents, content):
        nonlocal mark, t
        mark += 1
        t += rng.randint(30, 3600)
        data = msg.encode()
        blob = content.encode()
        out.write(f"commit {ref}\nmark :{mark}\n".encode())
        out.write(f"author Dev Eloper <dev@example.com> {t} +0100\n".encode())
        out.write(f"committer Dev Eloper <dev@example.com> {t} +0100\n".encode())
        out.write(f"data {len(data)}\n".encode() + data + b"\n")
        if parents:
            out.write(f"from :{parents[0]}\n".encode())
            for p in parents[1:]:
                out.write(f"merge :{p}\n".encode())
        out.write(f"M 100644 inline file{mark % 50}.txt\ndata {len(blob)}\n".encode() + blob + b"\n\n")
        return mark

    while written < total:
        pr += 1
        if rng.random() < 0.15 and main_mark is not None and total - written >= 3:
            side = main_mark
            for _ in range(rng.randint(1, 2)):
                side = commit("refs/heads/topic", sentence(rng, 6).capitalize() + "\n\n" + body(rng, pr),
                              [side], f"side {pr}")
                written += 1
            main_mark = commit("refs/heads/main", f"Merge pull request #{pr} from dev/topic-{pr}\n\n"
                               + sentence(rng, 8).capitalize(), [main_mark, side], f"merge {pr}")
        else:
            msg = f"{sentence(rng, 7).capitalize()} (#{pr})\n\n{body(rng, pr)}"
            main_mark = commit("refs/heads/main", msg, [main_mark] if main_mark else [], f"c {pr}")
        written += 1
    out.write(b"reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\n")


main()
