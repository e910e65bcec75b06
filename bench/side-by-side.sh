#!/usr/bin/env bash
# CPU seconds of two wfsim binaries on the same replication, run at the same
# time with one pinned to each core, so both see the same machine (load, clock,
# other processes); the pairs alternate which binary gets core 0. On a shared
# 2-core machine this compares builds better than timing them one after the
# other, where the machine changes by ±8% between runs.
# Usage: bench/side-by-side.sh BINARY_A BINARY_B [SCENARIO.toml] [PAIRS]
#   e.g. git worktree add /tmp/before HEAD~3 && (cd /tmp/before && cargo build --release)
#        bench/side-by-side.sh /tmp/before/target/release/wfsim target/release/wfsim
#   (default scenario: over-automation cut to 52 weeks, one replication, one thread; 2 pairs)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/side-by-side.sh BINARY_A BINARY_B [SCENARIO.toml] [PAIRS]" >&2; exit 2; }
a=$(realpath "$1"); b=$(realpath "$2")
pairs=${4:-2}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${3:-}" ]; then
  cp "$3" "$tmp/s.toml"
else
  sed -E 's/^horizon_weeks *=.*/horizon_weeks = 52/' scenarios/over-automation.toml > "$tmp/s.toml"
fi
one() { # binary core label
  /usr/bin/time -f '%U' -o "$tmp/$3.time" taskset -c "$2" "$1" run "$tmp/s.toml" \
    --replications 1 --threads 1 --quiet --out "$tmp/out-$3"
}
printf '%-5s %-12s %-12s\n' pair "A: cpu s" "B: cpu s"
for i in $(seq "$pairs"); do
  if (( i % 2 )); then one "$a" 0 a & one "$b" 1 b & else one "$a" 1 a & one "$b" 0 b & fi
  wait
  printf '%-5s %-12s %-12s\n' "$i" "$(cat "$tmp/a.time")" "$(cat "$tmp/b.time")"
done
if diff -rq "$tmp/out-a" "$tmp/out-b" >/dev/null; then
  echo "outputs: identical"
else
  echo "outputs: DIFFER (the binaries do not simulate the same thing)"
fi
