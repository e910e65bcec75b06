#!/usr/bin/env bash
# Submits a sharded wfsim run to Slurm: an array of SHARDS tasks, then the
# merge as a job that starts only when every task succeeded.
# Usage: deploy/slurm/submit.sh SCENARIO.toml SHARDS [OUT]
#   (REPLICATIONS, SEED and WFSIM are passed on from the environment if set)
# OUT defaults to outputs/<file name>; partials go to OUT/partials. Both must
# be on a filesystem shared by the compute nodes.
set -euo pipefail
if [ $# -lt 2 ] || ! [ "$2" -ge 1 ] 2>/dev/null; then
  echo "usage: $0 SCENARIO.toml SHARDS [OUT]   (SHARDS >= 1)" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
SCENARIO=$(realpath "$1")
shards=$2
OUT=$(realpath -m "${3:-outputs/$(basename "$1" .toml)}")
PARTIALS=$OUT/partials
export SCENARIO OUT PARTIALS
mkdir -p "$PARTIALS"

array=$(sbatch --parsable --array=0-$((shards - 1)) "$here/wfsim-array.sh")
array=${array%%;*}   # --parsable prints "id" or "id;cluster"
merge=$(sbatch --parsable --dependency=afterok:"$array" "$here/wfsim-merge.sh")
echo "submitted array job $array ($shards shards) and merge job ${merge%%;*}; outputs in $OUT"
