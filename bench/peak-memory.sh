#!/usr/bin/env bash
# Peak resident memory and wall time of one replication on one thread, for a
# short and a long horizon: memory must not grow with the number of contacts.
#
# Two measurements per horizon:
#   simulation  `wfsim run --shard 1/1`: the whole simulation and its weekly
#               counters, written as one partial file (what a cluster task does).
#               This is the figure that must be flat.
#   full run    `wfsim run`: the same plus the tables, 10 plots and brief.html,
#               all rendered in memory before the atomic write. Outputs have a row
#               or a point per week (the 52-week brief.html is ~2.3 MB of embedded
#               plots), so this peak grows with the horizon, not with contacts.
# Usage: bench/peak-memory.sh [scenario.toml]   (default: scenarios/baseline-all-human.toml;
# a scenario with decisions after week 3 cannot be cut to 4 weeks)
set -euo pipefail
# A scenario given is read from the caller's folder, before moving to the repository.
scenario=$(realpath "${1:-$(dirname "$0")/../scenarios/baseline-all-human.toml}")
cd "$(dirname "$0")/.."
cargo build --release --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-11s %-8s %-14s %-10s %-12s %s\n' what weeks contacts seconds "peak_MiB" "contacts/s"
declare -A peaks
for weeks in 4 52; do
  # Shorten the horizon and drop staffing steps (one per line) that fall beyond it.
  sed -E "s/^horizon_weeks *=.*/horizon_weeks = $weeks/" "$scenario" \
    | awk -v w="$weeks" 'match($0, /^[ \t]*\{ *from_week *= *[0-9]+/) { n = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", n); if (n + 0 >= w) next } { print }' \
    > "$tmp/s.toml"
  # The full run first: it prints the contact count, which the shard (same simulation) does not.
  for what in "full run" simulation; do
    extra=()
    [ "$what" = simulation ] && extra=(--shard 1/1)
    rm -rf "$tmp/out"
    /usr/bin/time -v ./target/release/wfsim run "$tmp/s.toml" --replications 1 --threads 1 \
      --out "$tmp/out" "${extra[@]}" > "$tmp/stdout" 2> "$tmp/time" || { cat "$tmp/time" >&2; exit 1; }
    [ "$what" = simulation ] || contacts=$(sed -n 's/.* \([0-9,]*\) contacts in.*/\1/p' "$tmp/stdout" | tr -d ,)
    seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time" | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    peak_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
    peaks["$what $weeks"]=$peak_kb
    printf '%-11s %-8s %-14s %-10s %-12s %s\n' "$what" "$weeks" "$contacts" "$seconds" \
      "$(awk "BEGIN{printf \"%.1f\", $peak_kb/1024}")" "$(awk "BEGIN{printf \"%.2fM\", $contacts/$seconds/1e6}")"
  done
done
for what in simulation "full run"; do
  awk -v w="$what" -v a="${peaks[$what 4]}" -v b="${peaks[$what 52]}" 'BEGIN {
    verdict = (w == "simulation") ? (b <= 1.1 * a ? "flat, within 10%" : "NOT flat: grows with the horizon") : "outputs grow with the weeks"
    printf "%s: peak 52 weeks / 4 weeks: %.3f (%s)\n", w, b / a, verdict }'
done
