#!/usr/bin/env bash
# Peak resident memory and wall time of one replication on one thread, for a
# short and a long horizon: memory must not grow with the number of contacts.
# Usage: bench/peak-memory.sh [scenario.toml]   (default: scenarios/baseline-all-human.toml;
# a scenario with decisions after week 3 cannot be cut to 4 weeks)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/baseline-all-human.toml}
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-8s %-14s %-10s %-12s %s\n' weeks contacts seconds "peak_MiB" "contacts/s"
peaks=()
for weeks in 4 52; do
  # Shorten the horizon and drop staffing steps (one per line) that fall beyond it.
  sed -E "s/^horizon_weeks *=.*/horizon_weeks = $weeks/" "$scenario" \
    | awk -v w="$weeks" 'match($0, /^[ \t]*\{ *from_week *= *[0-9]+/) { n = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", n); if (n + 0 >= w) next } { print }' \
    > "$tmp/s.toml"
  /usr/bin/time -v ./target/release/wfsim run "$tmp/s.toml" --replications 1 --threads 1 --out "$tmp/out" \
    > "$tmp/stdout" 2> "$tmp/time" || { cat "$tmp/time" >&2; exit 1; }
  contacts=$(sed -n 's/.* \([0-9]*\) contacts in.*/\1/p' "$tmp/stdout")
  seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time" | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
  peaks+=("$peak_kb")
  printf '%-8s %-14s %-10s %-12s %s\n' "$weeks" "$contacts" "$seconds" "$(awk "BEGIN{printf \"%.1f\", $peak_kb/1024}")" "$(awk "BEGIN{printf \"%.2fM\", $contacts/$seconds/1e6}")"
done
# Flat memory: the 52-week peak within 10% of the 4-week one.
awk -v a="${peaks[0]}" -v b="${peaks[1]}" 'BEGIN { printf "peak 52 weeks / 4 weeks: %.3f (%s)\n", b / a, (b <= 1.1 * a ? "flat, within 10%" : "NOT flat: grows with the horizon") }'
