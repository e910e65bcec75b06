#!/usr/bin/env bash
# One shard of a wfsim run per Slurm array task: task i of an array of N runs
# `wfsim run --shard env`, which reads SLURM_ARRAY_TASK_ID / _MIN / _STEP /
# _COUNT and computes replications r with r % N == i (shards count from 1 in
# file names: partial-1-of-N.json ... partial-N-of-N.json).
#
# Submit with deploy/slurm/submit.sh, or by hand (the variables below are
# passed to the tasks because sbatch exports the environment by default):
#   export SCENARIO=$PWD/scenarios/over-automation.toml PARTIALS=$PWD/outputs/oa/partials
#   jid=$(sbatch --parsable --array=0-7 deploy/slurm/wfsim-array.sh)
#   OUT=$PWD/outputs/oa sbatch --dependency=afterok:${jid%%;*} deploy/slurm/wfsim-merge.sh
#
# Every task must see the same SCENARIO file, REPLICATIONS and SEED: the merge
# refuses shards of different runs.
#SBATCH --job-name=wfsim-shard
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --time=02:00:00
#SBATCH --output=wfsim-shard-%A_%a.log
set -euo pipefail

WFSIM=${WFSIM:-wfsim}            # the wfsim binary on the compute nodes
: "${SCENARIO:?set SCENARIO to the scenario file, on a filesystem every node reads}"
: "${PARTIALS:?set PARTIALS to the folder for partial results, on a shared filesystem}"

options=()
if [ -n "${REPLICATIONS:-}" ]; then options+=(--replications "$REPLICATIONS"); fi
if [ -n "${SEED:-}" ]; then options+=(--seed "$SEED"); fi

"$WFSIM" run "$SCENARIO" --shard env --out "$PARTIALS" \
  --threads "${SLURM_CPUS_PER_TASK:-1}" ${options[@]+"${options[@]}"}
