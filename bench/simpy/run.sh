#!/usr/bin/env bash
# Peer comparison: the same M/M/c+M queue (700 agents, load 0.9, exponential
# handle times of 5 minutes and patience of 3 minutes) simulated by SimPy
# (bench/simpy/mmcm.py) and by wfsim (`wfsim queue --simulate`, the model of
# `wfsim run` reduced to one queue), both on one core of this machine, in
# alternation, REPEATS times. Prints contacts per second of each, by wall time
# and by CPU time (user + system, less disturbed by other work on a shared
# machine), and the ratio.
#
# Usage: bench/simpy/run.sh [REPEATS]   (default 3)
# Needs python3 with venv and PyPI (SimPy is installed into target/simpy-venv
# at bench time; nothing here runs at test time).
set -euo pipefail
cd "$(dirname "$0")/../.."
repeats=${1:-3}
simpy_hours=${SIMPY_HOURS:-24}      # 181,440 contacts
wfsim_hours=${WFSIM_HOURS:-168}     # per replication, 2 replications

venv=target/simpy-venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check "simpy==4.1.2"
cargo build --release --quiet

pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Prints "contacts wall_seconds cpu_seconds" of one measured command: contacts
# from its JSON (key $1); CPU time of env.run for SimPy (its own figure,
# without interpreter start-up), of the whole process for wfsim (/usr/bin/time),
# so the CPU ratio leans in SimPy's favour.
measure() {
  local key=$1
  shift
  /usr/bin/time -f '%U %S' -o "$tmp/time" "${pin[@]}" "$@" > "$tmp/out"
  python3 - "$key" "$tmp/out" "$tmp/time" <<'PY'
import json, sys
key, out, tm = sys.argv[1:]
o = json.load(open(out))
user, system = map(float, open(tm).read().split()[-2:])
wall = o["seconds"] if "seconds" in o else o["wall_seconds"]
print(o[key], wall, o.get("cpu_seconds", user + system))
PY
}

printf '%-6s %-28s %-28s %s\n' run "simpy contacts/s (wall, cpu)" "wfsim contacts/s (wall, cpu)" "ratio (wall, cpu)"
for i in $(seq 1 "$repeats"); do
  read -r sc sw scpu < <(measure contacts "$venv/bin/python" bench/simpy/mmcm.py --hours "$simpy_hours" --seed "$i")
  read -r wc ww wcpu < <(RAYON_NUM_THREADS=1 measure contacts_simulated ./target/release/wfsim queue \
    --arrivals-per-hour 7560 --handle-minutes 5 --agents 700 --patience-minutes 3 \
    --simulate --hours "$wfsim_hours" --replications 2 --seed "$i" --json)
  awk -v i="$i" -v sc="$sc" -v sw="$sw" -v scpu="$scpu" -v wc="$wc" -v ww="$ww" -v wcpu="$wcpu" 'BEGIN {
    printf "%-6s %-28s %-28s %s\n", i,
      sprintf("%.0f, %.0f", sc / sw, sc / scpu),
      sprintf("%.0f, %.0f", wc / ww, wc / wcpu),
      sprintf("%.0fx, %.0fx", (wc / ww) / (sc / sw), (wc / wcpu) / (sc / scpu)) }'
done
echo "(simpy: $simpy_hours h; wfsim: 2 x $wfsim_hours h; one core each via ${pin[*]:-no pinning}; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
