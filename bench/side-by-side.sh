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
[ $# -ge 2 ] || { echo "usage: bench/side-by-side.sh BINARY_A BINARY_B [SCENARIO.toml] [PAIRS]" >&2; exit 2; }
# Paths as given, from the caller's folder, before moving to the repository.
a=$(realpath "$1"); b=$(realpath "$2")
scenario=${3:+$(realpath "$3")}
pairs=${4:-2}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "$scenario" ]; then
  cp "$scenario" "$tmp/s.toml"
else
  sed -E 's/^horizon_weeks *=.*/horizon_weeks = 52/' scenarios/over-automation.toml > "$tmp/s.toml"
fi
one() { # binary core label
  /usr/bin/time -f '%U' -o "$tmp/$3.time" taskset -c "$2" "$1" run "$tmp/s.toml" \
    --replications 1 --threads 1 --quiet --out "$tmp/out-$3"
}
printf '%-5s %-12s %-12s\n' pair "A: cpu s" "B: cpu s"
for i in $(seq "$pairs"); do
  if (( i % 2 )); then ca=0 cb=1; else ca=1 cb=0; fi
  one "$a" "$ca" a & pa=$!
  one "$b" "$cb" b & pb=$!
  # A failed run must stop the comparison, not pass as a time.
  wait "$pa" || { echo "error: $a failed:" >&2; cat "$tmp/a.time" >&2; exit 1; }
  wait "$pb" || { echo "error: $b failed:" >&2; cat "$tmp/b.time" >&2; exit 1; }
  printf '%-5s %-12s %-12s\n' "$i" "$(cat "$tmp/a.time")" "$(cat "$tmp/b.time")"
done
if diff -rq "$tmp/out-a" "$tmp/out-b" >/dev/null; then
  echo "outputs: identical"
else
  echo "outputs: DIFFER (the binaries do not simulate the same thing)"
fi
