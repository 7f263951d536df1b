#!/usr/bin/env bash
# Runs `residuum experiment continual` for every method on Split and Permuted Fashion-MNIST and
# prints one Markdown row per run (docs/CONTINUAL.md). Usage:
#   scripts/continual_table.sh OUT_ROOT [split-task|split-class|permuted-task ...]
# Each run writes OUT_ROOT/<benchmark>-<scenario>-<method>/ (result.json, report.html, ...).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$1"; shift
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(split-task split-class permuted-task)
for g in "${groups[@]}"; do
  bench="${g%-*}"; scenario="${g#*-}"
  case "$g" in
    split-task|permuted-task) methods=(finetune shared-adapter per-task-adapter replay ewc) ;;
    split-class) methods=(finetune shared-adapter replay ewc) ;;
    *) echo "unknown group $g" >&2; exit 2 ;;
  esac
  budget=(--epochs 2)
  [ "$bench" = permuted ] && budget+=(--limit 10000)
  for m in "${methods[@]}"; do
    dir="$out/$bench-$scenario-$m"
    cmd=(bin/residuum experiment continual --benchmark "$bench" --scenario "$scenario" --method "$m" "${budget[@]}"
         --data fashion-mnist --out "$dir" --overwrite --json --quiet)
    (cd "$root" && "${cmd[@]}") | tail -1 > "$dir.json"
    python3 - "$dir.json" "${cmd[*]}" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
tp = d["trainable_parameters"][-1]
print("| %s | %s | %s | %.1f | %+.1f | %+.1f | %d (%.1f%%) | %.0f | `%s` |" % (
    d["benchmark"], d["scenario"], d["method"], 100 * d["acc"], 100 * d["bwt"], 100 * d["fwt"], tp,
    100.0 * tp / d["backbone_parameters"], d["seconds"], sys.argv[2].replace(" --out", " --out").split(" --data")[0].replace("bin/residuum ", "")))
PY
  done
done
