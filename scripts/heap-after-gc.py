#!/usr/bin/env python3
"""Heap in use after each garbage collection, from a JVM log written with -Xlog:gc:file=GC.LOG:uptime.

Usage: scripts/heap-after-gc.py GC.LOG [--windows 10] [--skip-seconds S]

Prints, for equal time windows of the run, the median and the range of the heap in use right
after the collections of that window (young, mixed and full pauses: the lines "NM->NM(NM)"), and
the change between the first and the last window after --skip-seconds (start-up and the first
evaluation fill the buffer pools once). A flat column means no growth: nothing kept per step.
Example (ResNet-56, batch 128, -Xmx2g, 2 000 steps):

    RESIDUUM_JAVA_OPTS="-Xmx2g -Xlog:gc:file=gc.log:uptime" bin/residuum train --model resnet56 \\
        --data fashion-mnist --limit 51200 --epochs 5 --out runs/mem56
    scripts/heap-after-gc.py gc.log
"""
import argparse
import re
import statistics
import sys

LINE = re.compile(r"^\[(?P<t>[0-9.]+)s\].*Pause (?P<kind>Young|Full|Mixed)?.*?(?P<before>\d+)M->(?P<after>\d+)M\((?P<heap>\d+)M\)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log")
    ap.add_argument("--windows", type=int, default=10)
    ap.add_argument("--skip-seconds", type=float, default=0.0)
    a = ap.parse_args()
    points = []
    with open(a.log, encoding="utf-8") as f:
        for line in f:
            if "Pause Young" not in line and "Pause Full" not in line:
                continue
            m = LINE.search(line)
            if m:
                points.append((float(m.group("t")), int(m.group("after")), int(m.group("heap"))))
    points = [p for p in points if p[0] >= a.skip_seconds]
    if len(points) < 2:
        sys.exit("heap-after-gc: fewer than two collections after %.0f s in %s" % (a.skip_seconds, a.log))
    t0, t1 = points[0][0], points[-1][0]
    width = (t1 - t0) / a.windows or 1.0
    print("| window (s) | collections | heap after GC, median (min..max) MB | heap size MB |")
    print("|---|---|---|---|")
    medians = []
    for w in range(a.windows):
        lo, hi = t0 + w * width, t0 + (w + 1) * width
        sel = [p for p in points if lo <= p[0] < hi or (w == a.windows - 1 and p[0] == t1)]
        if not sel:
            continue
        after = [p[1] for p in sel]
        medians.append(statistics.median(after))
        print("| %.0f-%.0f | %d | %.0f (%d..%d) | %d |" % (lo, hi, len(sel), statistics.median(after), min(after),
                                                       max(after), sel[-1][2]))
    print("first to last window: %+.0f MB (median after GC), over %.0f s and %d collections"
          % (medians[-1] - medians[0], t1 - t0, len(points)))


if __name__ == "__main__":
    main()
