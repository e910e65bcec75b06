#!/usr/bin/env bash
# Wall time, CPU seconds and peak memory of `wfsim reversibility` on a
# scenario (default: the shipped over-automation-full-reversal, the worst case
# the docs time, at its default replications,
# all cores), with the command's own per-step progress kept in a log.
# Usage: bench/reversibility.sh [SCENARIO.toml] [extra wfsim reversibility flags...]
#   e.g. bench/reversibility.sh                                  (docs' figure)
#        bench/reversibility.sh scenarios/over-automation-full-reversal.toml --replications 2 --no-levers
# Prints one line: wall s, user+sys CPU s, CPU s per replication, peak RSS MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/over-automation-full-reversal.toml}
shift || true
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
  ./target/release/wfsim reversibility "$scenario" --json --out "$tmp/out" "$@" \
  > "$tmp/reversibility.json" 2> "$tmp/progress.log"
read -r wall user sys peak_kb < "$tmp/time"
reps=$(grep -o '"replications": [0-9]*' "$tmp/reversibility.json" | head -1 | grep -o '[0-9]*$')
awk -v s="$scenario" -v n="$reps" -v w="$wall" -v u="$user" -v y="$sys" -v m="$peak_kb" 'BEGIN {
  printf "reversibility of %s: %d replications, wall %.0f s, CPU %.0f s (%.0f s a replication), peak %.0f MiB\n", s, n, w, u + y, (u + y) / n, m / 1024 }'
cp "$tmp/reversibility.json" "${BENCH_KEEP:-/tmp}/bench-reversibility.json"
echo "the JSON is in ${BENCH_KEEP:-/tmp}/bench-reversibility.json"
