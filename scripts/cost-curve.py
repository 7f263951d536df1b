#!/usr/bin/python3
"""Cost as the work grows: time per step and peak memory of W6 at several depths and of W1 at
several batch sizes, Residuum beside PyTorch, each point in its own process.

    /usr/bin/python3 scripts/cost-curve.py --threads 1 --out docs/cost-curve
    /usr/bin/python3 scripts/cost-curve.py --w6-depths 10,100 --w1-batches 32 --repeats 1 --out /tmp/cc

Residuum runs `bin/residuum bench --only W6 --w6-depths D` (or `--only W1 --w1-batches B`);
PyTorch runs scripts/cost_curve_pytorch.py with the same point. The two alternate point by
point. Peak memory is the process's peak resident set (ru_maxrss from wait4): it includes the
JVM's or Python's own footprint (about 100-200 MB), which the table reports as it is. Writes
DIR/cost-curve.csv, DIR/cost-curve.md (the table) and DIR/cost-curve-w6.svg and
DIR/cost-curve-w1.svg (time per step against the point, log-log), and prints the table.
"""
import argparse
import csv
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    """Runs cmd; returns (its JSON lines by workload, peak RSS in MB)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit("cost-curve: %s exited with status %d" % (" ".join(cmd), proc.returncode))
    lines = {}
    for line in out.splitlines():
        if line.startswith("{"):
            rec = json.loads(line)
            lines[rec["workload"]] = rec
    return lines, usage.ru_maxrss / 1024.0


def svg_chart(path, title, xlabel, points):
    """A small log-log line chart of ms per step; points: {series: [(x, ms), ...]}."""
    import math
    w, h, left, right, top, bottom = 560, 340, 70, 150, 40, 50
    xs = [x for s in points.values() for x, _ in s]
    ys = [y for s in points.values() for _, y in s]
    lx0, lx1 = math.log10(min(xs)), math.log10(max(xs))
    ly0, ly1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    lx1 = lx1 if lx1 > lx0 else lx0 + 1

    def px(x):
        return left + (math.log10(x) - lx0) / (lx1 - lx0) * (w - left - right)

    def py(y):
        return h - bottom - (math.log10(y) - ly0) / (ly1 - ly0) * (h - top - bottom)

    colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="12">'
             % (w, h), '<rect width="100%" height="100%" fill="white"/>',
             '<text x="%d" y="22" font-size="14">%s</text>' % (left, title)]
    for e in range(int(ly0), int(ly1) + 1):
        y = py(10 ** e)
        parts.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, w - right, y, y))
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%g ms</text>' % (left - 6, y + 4, 10 ** e))
    for x in sorted(set(xs)):
        parts.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (px(x), h - bottom + 18, x))
    parts.append('<text x="%d" y="%d" text-anchor="middle">%s</text>' % ((left + w - right) // 2, h - 10, xlabel))
    parts.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="black"/>' % (left, w - right, h - bottom, h - bottom))
    parts.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="black"/>' % (left, left, top, h - bottom))
    for i, (name, series) in enumerate(points.items()):
        c = colors[i % len(colors)]
        series = sorted(series)
        parts.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                     % (c, " ".join("%.1f,%.1f" % (px(x), py(y)) for x, y in series)))
        for x, y in series:
            parts.append('<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>' % (px(x), py(y), c))
        parts.append('<text x="%d" y="%d" fill="%s">%s</text>' % (w - right + 10, top + 20 + 18 * i, c, name))
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--w6-depths", default="10,100,1000,10000")
    ap.add_argument("--w1-batches", default="32,128,512")
    ap.add_argument("--out", required=True, help="folder for the CSV, the table and the charts")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    common = ["--threads", str(a.threads), "--repeats", str(a.repeats)]
    points = [("W6", int(d), "--w6-depths") for d in a.w6_depths.split(",") if d] + \
             [("W1", int(b), "--w1-batches") for b in a.w1_batches.split(",") if b]
    rows = []
    for workload, size, option in points:
        print("%s %s %d ..." % (workload, option, size), file=sys.stderr, flush=True)
        res, res_mb = run([os.path.join(ROOT, "bin", "residuum"), "bench", "-q", "--only", workload, option, str(size)]
                          + common)
        ref, ref_mb = run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "cost_curve_pytorch.py"), option, str(size)]
                          + common)
        (name, r), = res.items()
        p = ref[name]
        # ms per step from the rate: steps/s for W6, images/s for W1 (batch images a step)
        per_step = (lambda rec: 1000.0 / rec["value"]) if workload == "W6" else (lambda rec: 1000.0 * size / rec["value"])
        rows.append({"workload": workload, "size": size, "residuum_ms": per_step(r), "pytorch_ms": per_step(p),
                     "residuum_min_ms": per_step({"value": r["max"]}), "residuum_max_ms": per_step({"value": r["min"]}),
                     "pytorch_min_ms": per_step({"value": p["max"]}), "pytorch_max_ms": per_step({"value": p["min"]}),
                     "ratio": per_step(p) / per_step(r), "residuum_peak_mb": res_mb, "pytorch_peak_mb": ref_mb,
                     "foreign_load": max(r.get("foreign_load", 0), p.get("foreign_load", 0))})
    with open(os.path.join(a.out, "cost-curve.csv"), "w", newline="") as f:
        wr = csv.DictWriter(f, fieldnames=list(rows[0]))
        wr.writeheader()
        wr.writerows(rows)
    table = ["| workload | depth or batch | Residuum ms/step (min–max) | PyTorch ms/step (min–max) | PyTorch ÷ Residuum"
             " | Residuum peak RSS MB | PyTorch peak RSS MB | Residuum ms per block or image |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        table.append("| %s | %d | %.2f (%.2f–%.2f) | %.2f (%.2f–%.2f) | %.2f× | %.0f | %.0f | %.4f |" % (
            r["workload"], r["size"], r["residuum_ms"], r["residuum_min_ms"], r["residuum_max_ms"], r["pytorch_ms"],
            r["pytorch_min_ms"], r["pytorch_max_ms"], r["ratio"], r["residuum_peak_mb"], r["pytorch_peak_mb"],
            r["residuum_ms"] / r["size"]))
    table.append("(%d thread(s), %d repeats per point, each point a fresh process; max foreign load %.2f)"
                 % (a.threads, a.repeats, max(r["foreign_load"] for r in rows)))
    with open(os.path.join(a.out, "cost-curve.md"), "w") as f:
        f.write("\n".join(table) + "\n")
    print("\n".join(table))
    for workload, xlabel in (("W6", "depth (residual blocks)"), ("W1", "batch (images)")):
        sel = [r for r in rows if r["workload"] == workload]
        if sel:
            svg_chart(os.path.join(a.out, "cost-curve-%s.svg" % workload.lower()),
                      "%s: time per training step, %d thread(s)" % (workload, a.threads), xlabel,
                      {"Residuum": [(r["size"], r["residuum_ms"]) for r in sel],
                       "PyTorch 1.13": [(r["size"], r["pytorch_ms"]) for r in sel]})


if __name__ == "__main__":
    main()
