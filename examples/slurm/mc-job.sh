#!/usr/bin/env bash
# examples/slurm/mc-job.sh: one Monte Carlo run as a Slurm batch job that
# outlives its time limit by checkpointing, requeueing itself and resuming.
#
#   sbatch examples/slurm/mc-job.sh MODEL.h5 OUT.h5 -n 100000 --seed 42 \
#       --pedigree-fill --product "Hardboard, at hardboard plant"
#
# Everything after OUT.h5 goes to `leontief mc` unchanged. The job runs the
# same command line every time it starts:
#
#   leontief mc MODEL.h5 [options] -o OUT.h5 --resume OUT.h5 --no-partial --json
#
# which starts the run when there is no checkpoint (OUT.h5.ckpt/) yet and
# resumes it otherwise (docs/HPC.md). What happens:
#
#   1. 10 minutes before the time limit (--signal=B:USR1@600) Slurm sends
#      USR1 to this script (keep --time well above those 600 s: Slurm may
#      send it up to a minute early). The script sends TERM to leontief, which
#      finishes the blocks in flight, commits a checkpoint and exits 75.
#   2. On 75 the script requeues its own job (scontrol requeue) and exits.
#      The job waits in the queue, starts again from the top of this
#      script with the same arguments, and leontief resumes where it
#      stopped. The log file is appended to (--open-mode=append).
#   3. On 0 the run is complete: OUT.h5 holds the results (and the
#      checkpoint folder is gone). A requeued job that finds OUT.h5
#      complete also ends with 0.
#   4. Any other code is a real failure (2 usage, 3 bad input, 4 numerical,
#      5 output): the job fails with a log line naming the code, no requeue.
#
# scancel (or preemption) sends TERM instead: leontief checkpoints, the job
# ends without requeueing, and submitting the same command again continues
# the run. The results equal an uninterrupted run's bit for bit, however
# often the job was stopped (tests/slurm/run_slurm_test.sh checks it).
#
# Settings (environment variables; sbatch passes your environment on):
#   LEONTIEF         the program (default: leontief on PATH)
#   LEONTIEF_LAUNCH  how to start it: empty (default) runs it directly,
#                    one process with --threads = --cpus-per-task;
#                    "srun" or "mpirun -np 4 ..." start MPI ranks (a build
#                    with -DLCA_MPI=ON, docs/HPC.md); srun gets
#                    --cpus-per-task added
#   MC_MAX_RESTARTS  give up after this many requeues (default 50)
#
# The header below asks for one node with 16 cores and one process (the
# threads share one copy of the model). For MPI over N nodes, one rank
# per node with threads inside it (hybrid MPI + OpenMP):
#   LEONTIEF_LAUNCH=srun sbatch --nodes=N --ntasks-per-node=1 \
#       --cpus-per-task=64 examples/slurm/mc-job.sh MODEL.h5 OUT.h5 ...
# Options given to sbatch override the #SBATCH lines.
#
#SBATCH --job-name=leontief-mc
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=16
#SBATCH --time=04:00:00
#SBATCH --signal=B:USR1@600
#SBATCH --requeue
#SBATCH --open-mode=append
#SBATCH --output=leontief-mc-%j.log

set -uo pipefail

log() {
  printf '%s mc-job[%s]: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "${SLURM_JOB_ID:-local}" "$*"
}

if [ $# -lt 2 ]; then
  echo "usage: sbatch mc-job.sh MODEL.h5 OUT.h5 [leontief mc options]" >&2
  exit 2
fi
model=$1
out=$2
shift 2

leontief=${LEONTIEF:-leontief}
threads=${SLURM_CPUS_PER_TASK:-$(nproc)}
restarts=${SLURM_RESTART_COUNT:-0}
max_restarts=${MC_MAX_RESTARTS:-50}
export OMP_NUM_THREADS=$threads

# The launcher as words. srun (Slurm >= 22.05) must be told the cores, and
# must not kill the other ranks when one exits 75 before rank 0 has
# committed the checkpoint (a site may set KillOnBadExit=1).
read -r -a launch <<<"${LEONTIEF_LAUNCH:-}"
if [ "${launch[0]:-}" = srun ]; then
  launch+=(--cpus-per-task="$threads" --kill-on-bad-exit=0)
fi

# Signals: USR1 = the time limit is near (requeue afterwards), TERM or INT =
# scancel or preemption (stop, do not requeue). Either way leontief gets
# TERM and checkpoints. bash runs a trap only between commands, so
# leontief runs in the background and the script waits for it.
child=0
why=""
# shellcheck disable=SC2317  # called from the traps
forward() {
  why=$1
  log "got $why: asking leontief (pid $child) to checkpoint and stop"
  if [ "$child" -gt 0 ]; then kill -TERM "$child" 2>/dev/null; fi
}
trap 'forward time-limit-warning' USR1
trap 'forward TERM' TERM
trap 'forward INT' INT

log "start: restart $restarts, $threads thread(s), launcher" \
  "'${LEONTIEF_LAUNCH:-none}', host $(hostname -s)"
if [ -e "$out.ckpt/state.h5" ]; then
  log "checkpoint $out.ckpt found: resuming"
fi

summary=$(mktemp "${TMPDIR:-/tmp}/mc-job.XXXXXX") || {
  log "FAILED: cannot create a temporary file in ${TMPDIR:-/tmp}"
  exit 1
}
${launch[@]+"${launch[@]}"} "$leontief" mc "$model" --threads "$threads" "$@" \
  -o "$out" --resume "$out" --no-partial --json >"$summary" &
child=$!
if [ -n "$why" ]; then kill -TERM "$child" 2>/dev/null; fi  # came early
# wait returns early (> 128) when a trapped signal arrives: wait again
# until leontief itself has ended.
while :; do
  wait "$child"
  rc=$?
  kill -0 "$child" 2>/dev/null || break
done
if [ -s "$summary" ]; then log "summary: $(cat "$summary")"; fi
rm -f "$summary"

# A launcher (mpirun) may kill the ranks after forwarding TERM; the
# checkpoint survives even kill -9, so that counts as stopped too.
if [ "$rc" -ne 0 ] && [ "$rc" -ne 75 ] && [ -n "$why" ] &&
  [ -e "$out.ckpt/state.h5" ]; then
  log "leontief ended with $rc after $why; the checkpoint is intact"
  rc=75
fi

case $rc in
0)
  log "done: $out"
  exit 0
  ;;
75)
  if [ -z "${SLURM_JOB_ID:-}" ]; then
    log "stopped; run the same command again to resume"
    exit 75
  fi
  if [ "$why" = TERM ] || [ "$why" = INT ]; then
    log "stopped by $why (scancel or preemption); checkpoint kept in" \
      "$out.ckpt: submit the same command again to resume"
    exit 75
  fi
  if [ "$restarts" -ge "$max_restarts" ]; then
    log "FAILED: still not finished after $restarts requeues" \
      "(MC_MAX_RESTARTS); checkpoint kept in $out.ckpt"
    exit 75
  fi
  log "checkpoint written; requeueing job $SLURM_JOB_ID to resume"
  if scontrol requeue "$SLURM_JOB_ID"; then exit 0; fi
  log "FAILED: scontrol requeue $SLURM_JOB_ID refused; submit the same" \
    "command again to resume from $out.ckpt"
  exit 75
  ;;
*)
  case $rc in
  2) what="usage error (bad options)" ;;
  3) what="bad input (model file, names, or a checkpoint of other options)" ;;
  4) what="numerical failure" ;;
  5) what="the output could not be written" ;;
  *) what="unexpected exit code" ;;
  esac
  log "FAILED: leontief mc exited with $rc: $what; see the messages above"
  exit "$rc"
  ;;
esac
