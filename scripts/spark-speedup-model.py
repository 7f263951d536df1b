#!/usr/bin/env python3
"""The speed-up model of docs/SPARK.md from two --json lines of scripts/spark-throughput.sh.

Usage: scripts/spark-speedup-model.py OUT/local1.json OUT/single.json"""
import json, math, sys
d = json.load(open(sys.argv[1]))["spark"]
single = json.load(open(sys.argv[2]))
C = d["compute_ms"]; b0 = d["broadcast_ms"]; j = d["job_ms"]; a = d["aggregation_ms"]; W = d["broadcast_bytes_per_step"]
step_single = 128 / single["images_per_s"] * 1e3
apply_ms = max(0.0, step_single - C)      # the driver's update and the loop, as in the single process
link = 10e9 / 8                            # 10 Gb/s in bytes/s
t_w = W / link * 1e3                       # one copy of the weights (or of one partial gradient) over one link
print(f"C={C:.1f} b0={b0:.1f} job={j:.1f} agg={a:.1f} W={W} t_w={t_w:.2f} step_single={step_single:.1f} apply={apply_ms:.1f}")
for P in (1, 4, 16, 64):
    bcast = b0 + math.ceil(math.log2(P + 1)) * t_w   # one block: each round doubles the holders
    gather = P * t_w                                  # every partial gradient into the driver's link
    agg = a * P                                       # summed in partition order on the driver
    sched = j                                         # per step, assumed independent of P
    over = bcast + gather + agg + sched + apply_ms
    weak = 128 * P / (C + over) * 1e3                 # 128 images per executor per step
    strong = 128 / (C / P + over) * 1e3               # global batch 128 split P ways
    print(f"P={P:3d} overhead={over:6.1f} ms  weak: {weak:8.0f} img/s speed-up {weak/single['images_per_s']:5.2f}  strong: {strong:6.0f} img/s speed-up {strong/single['images_per_s']:5.2f}")
