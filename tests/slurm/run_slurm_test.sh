#!/usr/bin/env bash
# tests/slurm/run_slurm_test.sh LEONTIEF: examples/slurm/ under a real Slurm.
#
# Starts a one-node Slurm cluster of its own (munged, slurmctld, slurmd from
# Debian's slurm-wlm, on free ports, all files in a temporary folder) and
#   1. submits examples/slurm/mc-job.sh for a Monte Carlo run of USLCI with
#      pedigree uncertainty, sends it the time-limit warning mid-run, and
#      checks that it checkpointed (exit 75), requeued itself, resumed and
#      finished with results equal to an uninterrupted run's (h5diff,
#      exact: /factors/mean, sd, quantiles, /demands/scores);
#   2. submits examples/slurm/mc-array.sh for two models, started with
#      srun (LEONTIEF_LAUNCH=srun), and checks that both tasks finish.
# It stops exactly the daemons it started (their PIDs, on EXIT) after
# cancelling its jobs. Exit 77 (skipped) when not root or when slurm-wlm
# and munge are missing and cannot be installed. The temporary folder is
# kept, logs and all, when the test fails or LCA_SLURM_TEST_KEEP is set.
#
# The warning is sent with `scancel --batch --signal=USR1 JOB`: the same
# signal, by the same path (slurmctld -> slurmd -> the batch shell), that
# `#SBATCH --signal=B:USR1@600` makes Slurm send 600 s before the time
# limit. A real time limit is at least one minute, and Slurm may send the
# warning up to 60 s early, which would make this test slow and its
# moment unpredictable.
#
# Times on the 2-core development machine (Debian 12, Slurm 22.05):
# installing slurm-wlm + munge 16 s when missing (scripts/deps.sh normally
# has), daemons up 1 to 2 s, the imports and the uninterrupted run 4 to
# 5 s, the job and the array 10 to 13 s (of which 6 s in the queue after
# the requeue: cred_expire=5, plus 1); 17 to 22 s in all, 45 s for an
# ASan build, 85 s while a parallel build kept both cores busy.
set -uo pipefail

leontief=${1:?usage: run_slurm_test.sh /path/to/leontief}
src=$(cd "$(dirname "$0")/../.." && pwd)
deadline=$((SECONDS + 180))  # for everything that waits on Slurm

say() { echo "slurm-test: $*"; }
skip() {
  say "SKIP: $*"
  exit 77
}

if [ "$(id -u)" -ne 0 ]; then skip "needs root (it starts slurmd)"; fi
need=(slurmctld slurmd munged sbatch squeue scontrol scancel h5diff)
absent=""
missing() {  # sets absent to the first command not on PATH
  local c
  for c in "${need[@]}"; do
    if ! command -v "$c" >/dev/null 2>&1; then
      absent=$c
      return 0
    fi
  done
  return 1
}
if missing; then
  say "installing slurm-wlm munge hdf5-tools (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends slurm-wlm munge \
    hdf5-tools >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 &&
      apt-get install -y -qq --no-install-recommends slurm-wlm munge \
        hdf5-tools >/dev/null 2>&1; }
  if missing; then
    skip "no $absent on PATH (apt-get install slurm-wlm munge hdf5-tools)"
  fi
fi

# Short path: munge's socket path must fit in a sockaddr_un. munged wants
# its folders not writable by others.
T=$(mktemp -d /tmp/lslurm.XXXXXX) || exit 1
chmod 755 "$T"
export SLURM_CONF=$T/slurm.conf
pids=()
ok=0

cleanup() {
  # Jobs first (their slurmstepd outlives slurmd), then our daemons only.
  if [ ${#pids[@]} -gt 0 ]; then
    scancel --full --quiet --user=root >/dev/null 2>&1
    local i
    for i in $(seq 1 50); do
      [ -z "$(squeue -h 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    for i in $(seq 1 50); do
      kill -0 "$p" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  if [ "$ok" -eq 1 ] && [ -z "${LCA_SLURM_TEST_KEEP:-}" ]; then
    rm -rf "$T"
  elif [ "$ok" -eq 1 ]; then
    say "kept $T (LCA_SLURM_TEST_KEEP)"
  else
    say "FAILED; logs kept in $T"
    local f
    for f in "$T"/*.log "$T"/*.stderr; do
      [ -e "$f" ] || continue
      echo "---- $f (last 15 lines)"
      tail -n 15 "$f"
    done
  fi
}
trap cleanup EXIT

fail() {
  say "FAIL: $*"
  exit 1
}

# A TCP port nobody listens on (bash's /dev/tcp connects or fails).
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
}

write_conf() {
  local host mem ctld_port d_port
  host=$(hostname -s)
  mem=$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)
  ctld_port=$(free_port)
  d_port=$(free_port)
  while [ "$d_port" = "$ctld_port" ]; do d_port=$(free_port); done
  mkdir -p "$T/state" "$T/spool"
  cat >"$SLURM_CONF" <<EOF
ClusterName=leontief-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire is also how long a requeued job waits (default 120 s)
AuthInfo=socket=$T/munge.sock,cred_expire=5
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ReturnToService=2
KillWait=5
MinJobAge=600
SchedulerType=sched/builtin
# the main scheduling loop every second (default 60 s)
SchedulerParameters=sched_interval=1
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start_daemons() {
  dd if=/dev/urandom of="$T/munge.key" bs=1024 count=1 status=none
  chmod 400 "$T/munge.key"
  munged -F --socket="$T/munge.sock" --key-file="$T/munge.key" \
    --pid-file="$T/munged.pid" --seed-file="$T/munged.seed" \
    >"$T/munged.log" 2>&1 &
  pids+=($!)
  local i
  for i in $(seq 1 50); do
    [ -S "$T/munge.sock" ] && break
    sleep 0.1
  done
  slurmctld -D -i -f "$SLURM_CONF" >"$T/slurmctld.stderr" 2>&1 &
  pids+=($!)
  slurmd -D -f "$SLURM_CONF" >"$T/slurmd.stderr" 2>&1 &
  pids+=($!)
  local p up=$((SECONDS + 30))
  while [ "$SECONDS" -lt "$up" ]; do
    [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && return 0
    for p in "${pids[@]}"; do
      kill -0 "$p" 2>/dev/null || fail "a daemon (pid $p) exited at start"
    done
    sleep 0.2
  done
  fail "the node did not come up in 30 s"
}

# Wait until none of the given jobs is pending or running.
wait_jobs() {
  while [ "$SECONDS" -lt "$deadline" ]; do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 0.5
  done
  fail "jobs $1 still queued or running after the time allowed"
}

same_results() {
  local d rc
  for d in /factors/mean /factors/sd /factors/quantiles /demands/scores; do
    h5diff -q "$1" "$2" "$d" "$d"
    rc=$?
    [ "$rc" -eq 0 ] || fail "$d differs between $1 and $2 (h5diff: $rc)"
  done
}

t0=$SECONDS
write_conf
start_daemons
say "one-node Slurm up in $((SECONDS - t0)) s ($(hostname -s), $(nproc) CPUs)"

# The model: USLCI with its uncertainty records and pedigree-filled ones.
"$leontief" import olca "$src/datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip" \
  --method gwp100-ar6 -o "$T/uslci.h5" >"$T/import.log" 2>&1 ||
  fail "import olca"
tiny=$src/datasets/examples/tiny
"$leontief" import mtx --A "$tiny/A.mtx" --B "$tiny/B.mtx" --C "$tiny/C.mtx" \
  --products "$tiny/products.csv" --flows "$tiny/flows.csv" \
  --indicators "$tiny/indicators.csv" --demands "$tiny/demands.csv" \
  -o "$T/tiny.h5" >>"$T/import.log" 2>&1 || fail "import mtx"

opts=(-n 3000 --seed 11 --pedigree-fill --checkpoint-every 250
  --product "Hardboard, at hardboard plant")
t1=$SECONDS
"$leontief" mc "$T/uslci.h5" "${opts[@]}" --threads 2 -o "$T/ref.h5" \
  >"$T/ref.log" 2>&1 || fail "the uninterrupted run"
say "models and the uninterrupted run: $((SECONDS - t1)) s"

# 1. The job, warned of its time limit once it has checkpointed.
export LEONTIEF=$leontief
t1=$SECONDS
job=$(sbatch --parsable --cpus-per-task=1 --output="$T/job.log" \
  "$src/examples/slurm/mc-job.sh" "$T/uslci.h5" "$T/out.h5" "${opts[@]}") ||
  fail "sbatch mc-job.sh"
while ! compgen -G "$T/out.h5.ckpt/seg-*.h5" >/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "no checkpoint from job $job"
  [ -n "$(squeue -h -j "$job")" ] || fail "job $job ended early"
  sleep 0.05
done
scancel --batch --signal=USR1 "$job" || fail "scancel --signal=USR1"
say "job $job: sent the time-limit warning (USR1) mid-run"

# 2. The array, meanwhile: two models, one run each.
printf '%s\n' "# model results options" \
  "$T/uslci.h5 $T/arr-uslci.h5 --pedigree-fill" \
  "$T/tiny.h5 $T/arr-tiny.h5 --all-demands" >"$T/runs.txt"
# Through srun this time: the launcher path of mc-job.sh (one task).
array=$(LEONTIEF_LAUNCH=srun sbatch --parsable --cpus-per-task=1 --array=1-2 \
  --output="$T/array-%a.log" "$src/examples/slurm/mc-array.sh" \
  "$T/runs.txt" -n 300 --seed 5) || fail "sbatch mc-array.sh"

wait_jobs "$job,$array"
say "job and array finished in $((SECONDS - t1)) s"

# The job: stopped with a checkpoint, requeued, resumed, done.
grep -q '"status":"resumable","exit_code":75' "$T/job.log" ||
  fail "the job did not stop with exit 75 ($T/job.log)"
grep -q "requeueing job $job" "$T/job.log" || fail "the job did not requeue"
grep -q "start: restart 1" "$T/job.log" || fail "the job did not restart"
grep -q "checkpoint .* found: resuming" "$T/job.log" ||
  fail "the restarted job did not resume"
grep -q '"status":"done".*"iterations_done":3000' "$T/job.log" ||
  fail "the resumed run did not finish ($T/job.log)"
grep -q "done: $T/out.h5" "$T/job.log" || fail "no 'done' line"
[ ! -e "$T/out.h5.ckpt" ] || fail "the checkpoint folder is still there"
done_first=$(sed -n 's/.*"status":"resumable".*"iterations_done":\([0-9]*\).*/\1/p' \
  "$T/job.log")
say "job $job: stopped after $done_first of 3000 iterations, resumed, done"
same_results "$T/ref.h5" "$T/out.h5"
say "job $job: results equal the uninterrupted run's (h5diff, exact)"
# The comparison can fail: another seed gives other means.
if h5diff -q "$T/ref.h5" "$T/arr-uslci.h5" /factors/mean /factors/mean; then
  fail "h5diff finds no difference between seeds 11 and 5"
fi

for i in 1 2; do
  grep -q "launcher 'srun'" "$T/array-$i.log" ||
    fail "array task $i did not use srun"
  grep -q '"status":"done".*"iterations_done":300' "$T/array-$i.log" ||
    fail "array task $i did not finish ($T/array-$i.log)"
done
if [ ! -s "$T/arr-uslci.h5" ] || [ ! -s "$T/arr-tiny.h5" ]; then
  fail "array results missing"
fi
say "array $array: both tasks done"
say "passed in $((SECONDS - t0)) s"
ok=1
