#!/usr/bin/env bash
# Do replications scale with cores? Runs the same replications with --threads 1
# and --threads 2 (alternating, REPEATS times) and prints wall seconds, CPU
# seconds and the speed-up of 2 threads over 1 (target: at least 1.8x on an
# otherwise idle 2-core machine; on a shared machine the figure is only as good
# as the cores that were free, which the CPU/wall column shows).
# Usage: bench/scaling.sh [scenario.toml] [REPEATS]
#   (default: scenarios/baseline-all-human.toml cut to WEEKS=8 weeks,
#    REPLICATIONS=4 replications, 3 repeats)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/baseline-all-human.toml}
repeats=${2:-3}
weeks=${WEEKS:-8}
replications=${REPLICATIONS:-4}
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Shorten the horizon and drop staffing steps (one per line) beyond it, as bench/peak-memory.sh.
sed -E "s/^horizon_weeks *=.*/horizon_weeks = $weeks/" "$scenario" \
  | awk -v w="$weeks" 'match($0, /^[ \t]*\{ *from_week *= *[0-9]+/) { n = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", n); if (n + 0 >= w) next } { print }' \
  > "$tmp/s.toml"

run() {
  /usr/bin/time -f '%e %U %S' -o "$tmp/time" ./target/release/wfsim run "$tmp/s.toml" \
    --replications "$replications" --threads "$1" --quiet --out "$tmp/out"
  read -r wall user system < "$tmp/time"
  echo "$wall $(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')"
}

echo "$(basename "$scenario") cut to $weeks weeks, $replications replications; $(nproc) cores"
printf '%-6s %-22s %-22s %s\n' run "1 thread: wall, cpu s" "2 threads: wall, cpu s" "speed-up (wall)"
for i in $(seq 1 "$repeats"); do
  read -r w1 c1 < <(run 1)
  read -r w2 c2 < <(run 2)
  printf '%-6s %-22s %-22s %s\n' "$i" "$w1, $c1" "$w2, $c2" "$(awk -v a="$w1" -v b="$w2" 'BEGIN { printf "%.2fx", a / b }')"
done
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg); CPU/wall near 2 for 2 threads means both cores were ours)"
