#!/usr/bin/python3
"""Residuum against PyTorch on the same workloads, same machine, alternating runs.

For each thread count (default 1 and 2) and each round, runs `bin/residuum bench` and
`shared/bench/pytorch_reference.py` one after the other with the same options, collects the
JSON lines, and prints a table: per workload the median over rounds of each side's median,
the spread (min..max over rounds), and the ratio Residuum / PyTorch.

    /usr/bin/python3 scripts/bench-side-by-side.py                    # W4,W6 at 1 and 2 threads, 3 rounds
    /usr/bin/python3 scripts/bench-side-by-side.py --only W4,W5,W6 --rounds 5 --threads 1,2

Needs Debian's python3-torch (apt-get install python3-torch). The reference script is looked
up at ../shared/bench/pytorch_reference.py (or --reference PATH).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr[-2000:]))
    out = {}
    for line in p.stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            rec = json.loads(line)
            out[rec["workload"]] = rec
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="W4,W6")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "bench", "pytorch_reference.py"))
    a = ap.parse_args()
    rows = []
    for t in [int(x) for x in a.threads.split(",")]:
        res, ref = {}, {}
        for r in range(a.rounds):
            common = ["--threads", str(t), "--only", a.only, "--repeats", str(a.repeats)]
            print("round %d/%d, %d thread(s) ..." % (r + 1, a.rounds, t), file=sys.stderr, flush=True)
            for w, rec in run([os.path.join(ROOT, "bin", "residuum"), "bench"] + common).items():
                res.setdefault(w, []).append(rec)
            for w, rec in run(["/usr/bin/python3", a.reference] + common).items():
                ref.setdefault(w, []).append(rec)
        for w in res:
            if w not in ref:
                continue
            rv = [x["value"] for x in res[w]]
            pv = [x["value"] for x in ref[w]]
            fl = [x.get("foreign_load", 0) for x in res[w] + ref[w]]
            rows.append((w, t, res[w][0]["unit"], statistics.median(rv), min(rv), max(rv),
                         statistics.median(pv), min(pv), max(pv), statistics.median(rv) / statistics.median(pv),
                         max(fl)))
    print("| workload | threads | unit | Residuum median (min..max) | PyTorch median (min..max) | ratio | max foreign load |")
    print("|---|---|---|---|---|---|---|")
    for w, t, unit, rm, rlo, rhi, pm, plo, phi, ratio, fl in rows:
        print("| %s | %d | %s | %.1f (%.1f..%.1f) | %.1f (%.1f..%.1f) | %.2fx | %.2f |"
              % (w, t, unit, rm, rlo, rhi, pm, plo, phi, ratio, fl))
    print("(%d alternating rounds per thread count; each value is that run's median of %d repeats)"
          % (a.rounds, a.repeats))


if __name__ == "__main__":
    main()
