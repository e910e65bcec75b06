#!/usr/bin/env bash
# Combines the partial results of a wfsim array (deploy/slurm/wfsim-array.sh)
# into the outputs a one-machine `wfsim run` writes, byte for byte. Submit it
# with --dependency=afterok:<array job id> so it starts when every task
# succeeded; it refuses (exit 2) if a shard is missing, twice, or of another run.
#SBATCH --job-name=wfsim-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=00:15:00
#SBATCH --output=wfsim-merge-%j.log
set -euo pipefail

WFSIM=${WFSIM:-wfsim}
: "${PARTIALS:?set PARTIALS to the folder the array tasks wrote to}"
: "${OUT:?set OUT to the output folder}"

"$WFSIM" merge "$PARTIALS" --out "$OUT"
