#!/usr/bin/env bash
# Opt-in SLURM smoke test (not part of `mvn test`): runs the array job documented in docs/studies.md on a tiny
# study (sample-data/studies/smoke.json, 8 runs) as 2 shards, merges the shard stores with a dependent job, and checks
# that the merged report equals an unsharded sweep's. Needs a working SLURM (sinfo shows an idle node); see
# docs/studies.md, "Trying it on a single machine", for a one-node setup from Debian's packages.
#   scripts/slurm-smoke.sh [WORKDIR]     (default: a new folder under /tmp)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GRID="$ROOT/sample-data/studies/smoke.json"
WORK="${1:-$(mktemp -d /tmp/gradflow-slurm-smoke.XXXXXX)}"
mkdir -p "$WORK/logs" "$WORK/shards"     # SLURM does not create the --output folder
cd "$WORK"
command -v sbatch >/dev/null || { echo "slurm-smoke: sbatch not found" >&2; exit 2; }
sinfo -h -o '%T' | grep -qE 'idle|mixed' || { echo "slurm-smoke: no idle SLURM node (sinfo)" >&2; exit 2; }

# Build once up front: array tasks starting at the same time must not all try to build.
"$ROOT/gradflow" --help >/dev/null

cat > array.sh <<JOB
#!/bin/bash
#SBATCH --job-name=gradflow-smoke
#SBATCH --array=0-1
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:15:00
#SBATCH --output=logs/%x-%A_%a.out
export OMP_WAIT_POLICY=PASSIVE
export OMP_NUM_THREADS=\${SLURM_CPUS_PER_TASK:-1}
# the launcher's default heap (-Xmx8g) is more than --mem; ND4J also needs off-heap memory
export GRADFLOW_JAVA_OPTS="-Xmx1g"
"$ROOT/gradflow" sweep "$GRID" \\
    --shard \${SLURM_ARRAY_TASK_ID}/\${SLURM_ARRAY_TASK_COUNT} \\
    --store shards/smoke-\${SLURM_ARRAY_TASK_ID}.db
JOB
cat > merge.sh <<JOB
#!/bin/bash
#SBATCH --job-name=gradflow-smoke-merge
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --output=logs/%x-%j.out
export GRADFLOW_JAVA_OPTS="-Xmx1g"
"$ROOT/gradflow" merge shards/smoke-*.db --into smoke.db
"$ROOT/gradflow" study report "$GRID" --store smoke.db --format csv > merged.csv
JOB

t0=$(date +%s)
array=$(sbatch --parsable array.sh)
merge=$(sbatch --parsable --dependency=afterok:${array} --wait merge.sh) || {
  echo "slurm-smoke: merge job failed or never ran (array job $array); logs:" >&2; tail -n 20 logs/* >&2; exit 1; }
echo "slurm-smoke: array job $array and merge job $merge done in $(( $(date +%s) - t0 )) s"

# the same study unsharded, outside SLURM
GRADFLOW_JAVA_OPTS="-Xmx1g" "$ROOT/gradflow" sweep "$GRID" --store whole.db >/dev/null
"$ROOT/gradflow" study report "$GRID" --store whole.db --format csv > whole.csv
for f in shards/*.db; do echo "slurm-smoke: $f: $(sqlite3 "$f" 'SELECT count(*) FROM runs' 2>/dev/null || echo '?') runs"; done
if diff -u whole.csv merged.csv; then
  echo "slurm-smoke: OK, merged shard report equals the unsharded sweep's ($WORK)"
else
  echo "slurm-smoke: FAILED, reports differ ($WORK)" >&2; exit 1
fi
