#!/usr/bin/env bash
# The figures of docs/SPARK.md: ResNet-20 on Fashion-MNIST, one epoch of the first N training
# images at batch 128, the same seed, single-process and on Spark in local mode. Each run prints its
# --json line (images_per_s, test_accuracy, the step split under "spark") into $out/NAME.json.
# Usage: scripts/spark-throughput.sh OUT_DIR [N] [RUN ...], RUN one of single, local1, local2, micro2,
# single2, jdk25. Run it under the shared lock: flock /tmp/residuum-build.lock scripts/spark-throughput.sh ...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$1"; n="${2:-25600}"; shift 2 || shift $#
runs=("$@"); [ ${#runs[@]} -gt 0 ] || runs=(single local1 local2 micro2)
mkdir -p "$out"
common=(train --model resnet20 --data /usr/share/datasets/fashion-mnist --limit "$n" --batch 128 --epochs 1
        --seed 42 --checkpoint-every 0 --json --quiet)
for run in "${runs[@]}"; do
  case "$run" in
    single)  extra=(--threads 1) ;;
    single2) extra=(--threads 2) ;;
    local1)  extra=(--threads 1 --spark "local[1]") ;;
    local2)  extra=(--threads 1 --spark "local[2]") ;;
    micro2)  extra=(--threads 1 --micro-batches 2) ;;
    jdk25)   extra=(--threads 1 --spark "local[2]") ;;
    *) echo "unknown run $run" >&2; exit 2 ;;
  esac
  rm -rf "$out/$run"
  if [ "$run" = jdk25 ]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 "$root/bin/residuum" "${common[@]}" "${extra[@]}" --out "$out/$run" \
      | tail -1 > "$out/$run.json"
  else
    "$root/bin/residuum" "${common[@]}" "${extra[@]}" --out "$out/$run" | tail -1 > "$out/$run.json"
  fi
  echo "$run: $(cat "$out/$run.json")" >&2
done
