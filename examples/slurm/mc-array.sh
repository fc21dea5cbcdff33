#!/usr/bin/env bash
# examples/slurm/mc-array.sh: many Monte Carlo runs as one Slurm job array,
# one run per line of a list file, each run with the checkpoint, requeue
# and resume of mc-job.sh.
#
#   sbatch --array=1-$(grep -cv '^[[:space:]]*\(#\|$\)' runs.txt) \
#       examples/slurm/mc-array.sh runs.txt -n 20000 --seed 42
#
# The list file has one run per line: the model, the results file, and
# options for that run only; blank lines and lines starting with # are
# skipped. Array index i (1-based) takes the i-th run. Fields are split at
# blanks, so paths and names in it must not contain spaces.
#
#   # runs.txt
#   models/uslci.h5    out/uslci-mc.h5    --pedigree-fill
#   models/useeio.h5   out/useeio-mc.h5   --demand-set households
#   models/useeio.h5   out/useeio-gov.h5  --demand-set government
#
# The options after the list file (above: -n 20000 --seed 42) go to every
# run, before the line's own. Each array task runs mc-job.sh, so a task
# that hits its time limit checkpoints and requeues only itself (an array
# task has its own SLURM_JOB_ID); see mc-job.sh for the settings
# (LEONTIEF, LEONTIEF_LAUNCH, MC_MAX_RESTARTS). Set MC_JOB to the path of
# mc-job.sh if it is not next to this script.
#
# %A is the array's job id, %a the index: one log per run.
#SBATCH --job-name=leontief-mc-array
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=8
#SBATCH --time=04:00:00
#SBATCH --signal=B:USR1@600
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=leontief-mc-%A_%a.log

set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: sbatch --array=1-N mc-array.sh RUNS.txt [leontief mc options]" >&2
  exit 2
fi
list=$1
shift

# Slurm runs a copy of this script from its spool folder; the path it was
# submitted with is in the job record.
here=$(dirname "$0")
if [ -n "${SLURM_JOB_ID:-}" ]; then
  cmd=$(scontrol show job "$SLURM_JOB_ID" | sed -n 's/^ *Command=//p') ||
    cmd=""
  if [ -n "$cmd" ]; then here=$(dirname "${cmd%% *}"); fi
  case $here in
  /*) ;;
  *) here=${SLURM_SUBMIT_DIR:-.}/$here ;;  # submitted with a relative path
  esac
fi
job=${MC_JOB:-$here/mc-job.sh}
if [ ! -f "$job" ]; then
  echo "mc-array: $job not found; set MC_JOB=/path/to/mc-job.sh" >&2
  exit 2
fi

index=${SLURM_ARRAY_TASK_ID:?"submit with sbatch --array=1-N"}
if [ ! -r "$list" ]; then
  echo "mc-array: cannot read the list file $list" >&2
  exit 2
fi
line=$({ grep -v '^[[:space:]]*\(#\|$\)' "$list" || true; } |
  sed -n "${index}p")
if [ -z "$line" ]; then
  echo "mc-array: $list has no run number $index" >&2
  exit 2
fi
read -r -a run <<<"$line"
if [ ${#run[@]} -lt 2 ]; then
  echo "mc-array: $list, run $index: expected MODEL OUT [options]" >&2
  exit 2
fi
echo "mc-array: task $index of array ${SLURM_ARRAY_JOB_ID:-?}: ${run[*]}"

# exec: mc-job.sh takes this process's place and so gets Slurm's signals.
exec bash "$job" "${run[0]}" "${run[1]}" "$@" "${run[@]:2}"
