#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of two fixed workloads: deterministic, so
# unlike wall time they compare across builds on a shared, noisy machine.
#   oa3:   over-automation cut to 3 weeks, the AI live from week 1 and 2,111 FTE from week 1
#          (the mix of a mid-year week: AI, repeats, a loaded queue); 2.72 M contacts,
#          one replication on one thread.
#   queue: wfsim queue --simulate, 700 agents at load 0.9 (the bench's M/M/c+M), 50 measured
#          hours x 2 replications; about 1.06 M contacts.
# Usage: bench/callgrind.sh [LABEL]   (keeps callgrind.out.LABEL.* in target/callgrind/ for
#        callgrind_annotate)
set -euo pipefail
cd "$(dirname "$0")/.."
label=${1:-current}
command -v valgrind >/dev/null || { echo "error: valgrind is not installed" >&2; exit 1; }
cargo build --release --quiet
mkdir -p target/callgrind
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -E -e 's/^horizon_weeks *=.*/horizon_weeks = 3/' -e 's/from_week = 4, share/from_week = 1, share/' \
  scenarios/over-automation.toml \
  | awk 'match($0, /^[ \t]*\{ *from_week *= *[0-9]+, *fte/) { n = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", n); if (n + 0 >= 1) next; print; print "  { from_week = 1, fte = 2111 },"; next } { print }' \
  > "$tmp/oa3.toml"
count() { sed -n 's/.*Collected : //p'; }
oa=$(valgrind --tool=callgrind --callgrind-out-file="target/callgrind/callgrind.out.$label.oa3" \
  ./target/release/wfsim run "$tmp/oa3.toml" --replications 1 --threads 1 --out "$tmp/out" -q 2>&1 | count)
q=$(valgrind --tool=callgrind --callgrind-out-file="target/callgrind/callgrind.out.$label.queue" \
  ./target/release/wfsim queue --arrivals-per-hour 7560 --handle-minutes 5 --agents 700 \
  --patience-minutes 3 --simulate --hours 50 --replications 2 --json 2>&1 >/dev/null | count)
printf '%-12s oa3 %s Ir   queue %s Ir\n' "$label" "$oa" "$q"
