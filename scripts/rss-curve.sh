#!/bin/sh
# Resident set size of a training run, sampled every INTERVAL seconds (issue 18's native-memory
# check): ResNet-56, batch 128, 2 000 steps with the oneDNN binding by default.
#   scripts/rss-curve.sh OUT_DIR [extra train options...]
# writes OUT_DIR/rss.csv (seconds, rss_mb) beside the run folder OUT_DIR/run.
set -eu
out=${1:?usage: scripts/rss-curve.sh OUT_DIR [train options]}
shift
interval=${INTERVAL:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
"$root/bin/residuum" train --model resnet56 --batch 128 --data fashion-mnist --limit 25600 --epochs 10 \
    --schedule constant --lr 0.05 --threads 1 --quiet --json --out "$out/run" "$@" >"$out/result.json" &
launcher=$!
start=$(date +%s)
echo "seconds,rss_mb" >"$out/rss.csv"
while kill -0 "$launcher" 2>/dev/null; do
    pid=$(pgrep -f -n "residuum-cli.jar.*$out/run" || true)
    if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
        rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
        [ -n "$rss" ] && echo "$(( $(date +%s) - start )),$(( rss / 1024 ))" >>"$out/rss.csv"
    fi
    sleep "$interval"
done
wait "$launcher"
