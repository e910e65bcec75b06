#!/usr/bin/env bash
# Wall time, CPU seconds and peak memory of `wfsim sensitivity` on a scenario
# (default: the shipped over-automation, its [[uncertain]] parameters at their
# ends, at its default replications, all cores).
# Usage: bench/sensitivity.sh [SCENARIO.toml] [extra wfsim sensitivity flags...]
#   e.g. bench/sensitivity.sh                                   (docs' figure)
#        bench/sensitivity.sh scenarios/over-automation.toml --replications 3
# Prints one line: runs, wall s, user+sys CPU s, CPU s per replication-run, peak RSS MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/over-automation.toml}
shift || true
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
  ./target/release/wfsim sensitivity "$scenario" --json --quiet --out "$tmp/out" "$@" \
  > "$tmp/sensitivity.json"
read -r wall user sys peak_kb < "$tmp/time"
reps=$(grep -o '"replications": *[0-9]*' "$tmp/sensitivity.json" | head -1 | grep -o '[0-9]*$')
params=$(grep -o '"key": *"[^"]*"' "$tmp/sensitivity.json" | wc -l)
awk -v s="$scenario" -v n="$reps" -v p="$params" -v w="$wall" -v u="$user" -v y="$sys" -v m="$peak_kb" 'BEGIN {
  runs = (1 + 2 * p) * n
  printf "sensitivity of %s: %d parameters x 2 ends + base, %d replications (%d runs), wall %.0f s, CPU %.0f s (%.1f s a run), peak %.0f MiB\n", s, p, n, runs, w, u + y, (u + y) / runs, m / 1024 }'
cp "$tmp/sensitivity.json" "${BENCH_KEEP:-/tmp}/bench-sensitivity.json"
echo "the JSON is in ${BENCH_KEEP:-/tmp}/bench-sensitivity.json"
