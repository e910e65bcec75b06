#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of two fixed workloads: deterministic, so
# unlike wall time they compare across builds on a shared, noisy machine.
#   oa3:   over-automation cut to 3 weeks, the AI live, the 700-person layoff and hiring freeze
#          made and the csat-alarm rule armed from week 1 (the mix of a mid-year week: AI,
#          repeats, a loaded queue); one replication on one thread.
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
  -e 's/^week = 8$/week = 1/' -e 's/^from_week = 8$/from_week = 1/' \
  scenarios/over-automation.toml > "$tmp/oa3.toml"
# A workload that no longer loads would count only the error message: refuse it.
./target/release/wfsim check "$tmp/oa3.toml" >/dev/null
count() { sed -n 's/.*Collected : //p'; }
oa=$(valgrind --tool=callgrind --callgrind-out-file="target/callgrind/callgrind.out.$label.oa3" \
  ./target/release/wfsim run "$tmp/oa3.toml" --replications 1 --threads 1 --out "$tmp/out" -q 2>&1 | count)
q=$(valgrind --tool=callgrind --callgrind-out-file="target/callgrind/callgrind.out.$label.queue" \
  ./target/release/wfsim queue --arrivals-per-hour 7560 --handle-minutes 5 --agents 700 \
  --patience-minutes 3 --simulate --hours 50 --replications 2 --json 2>&1 >/dev/null | count)
printf '%-12s oa3 %s Ir   queue %s Ir\n' "$label" "$oa" "$q"
