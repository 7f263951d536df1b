#!/usr/bin/env bash
# Where a Spark step's time goes (docs/SPARK.md): scripts/SparkStepProfile.java on the CLI's jar and
# libraries. Usage: scripts/spark-step-profile.sh [PARTS] [N]; run it under the shared lock:
#   flock /tmp/residuum-build.lock scripts/spark-step-profile.sh 1 5120
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/bin/residuum" --version > /dev/null # builds the jar when it is missing or stale
cp="$root/residuum-cli/target/residuum-cli.jar:$(ls "$root"/residuum-cli/target/lib/*.jar | tr '\n' ':')"
opens="$(sed -n 's:.*<spark.add-opens>\(.*\)</spark.add-opens>.*:\1:p' "$root/pom.xml")"
# compiled first, not run as a source file: Spark's executor must load its lambdas by the class path
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -nowarn -d "$classes" -cp "$cp" --add-modules jdk.incubator.vector "$root/scripts/SparkStepProfile.java" 2>&1 \
    | { grep -v -e 'incubating module' -e '^1 warning' || true; }
# shellcheck disable=SC2086
OPENBLAS_NUM_THREADS=1 java -Xmx3g --add-modules jdk.incubator.vector $opens -cp "$classes:$cp" SparkStepProfile \
    "${1:-1}" "${2:-5120}" 2>&1 | { grep -v -e WARN -e '^INFO' || true; }
