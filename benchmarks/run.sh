#!/usr/bin/env bash
# benchmarks/run.sh: the benchmark suite, ours and the SciPy peer in the same
# run, written to benchmarks/RESULTS.md (see benchmarks/README.md).
#
#   bash benchmarks/run.sh           # everything: about 40 minutes on 2 cores
#   bash benchmarks/run.sh --quick   # the generated `small` model only, under
#                                    # a minute; CI's smoke test of the suite
#
# Options:
#   --quick            small only, one repeat; the report goes to --out (default
#                      stdout), never to RESULTS.md
#   --build-dir DIR    use the programs already built in DIR (no build)
#   --out FILE         where the report goes (default benchmarks/RESULTS.md)
#   --no-regional      skip the 250,000-activity `regional` model
#   --no-peer          skip the SciPy peer
#   --keep DIR         keep the work folder (models, raw JSON) in DIR
#
# Models: generated small, eco and regional (tools/generator, seed 1),
# and the bundled USEEIO v1.2, USLCI (openLCA JSON-LD, IPCC AR6 GWP100) and
# WIOD 2011, imported here. Nothing is downloaded. Times are never checked
# against a limit: the report states targets and what was measured.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0 build="" out="" regional=1 peer=1 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --build-dir) build=${2:?run.sh: --build-dir needs a folder}; shift ;;
    --out) out=${2:?run.sh: --out needs a file}; shift ;;
    --no-regional) regional=0 ;;
    --no-peer) peer=0 ;;
    --keep) keep=${2:?run.sh: --keep needs a folder}; shift ;;
    *) echo "run.sh: unknown option $1 (see the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
[ "$quick" = 1 ] && regional=0
if [ -z "$out" ]; then
  if [ "$quick" = 1 ]; then out=/dev/stdout; else out=benchmarks/RESULTS.md; fi
fi

log() { echo "== $*" >&2; }

# ---- programs ----------------------------------------------------------------
if [ -z "$build" ]; then
  build="build-release"
  log "build ($build, Release)"
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DLCA_WERROR=ON >/dev/null
  cmake --build "$build" -j"$(nproc)" --target leontief lca-gen bench_core \
    crossover refine_cost bench_mc_iter bench_pcf >/dev/null
fi
L=$build/leontief
gen=$build/tools/generator/lca-gen
bin=$build/benchmarks
for p in "$L" "$gen" "$bin/bench_core"; do
  [ -x "$p" ] || { echo "run.sh: $p is not built" >&2; exit 1; }
done

# MPI strong scaling needs the MPI build of leontief (full runs only).
LM=""
if [ "$quick" = 0 ] && command -v mpirun >/dev/null; then
  log "build (build-mpi-release, Release, -DLCA_MPI=ON)"
  cmake -S . -B build-mpi-release -DCMAKE_BUILD_TYPE=Release -DLCA_WERROR=ON \
    -DLCA_MPI=ON >/dev/null
  cmake --build build-mpi-release -j"$(nproc)" --target leontief >/dev/null
  LM="build-mpi-release/leontief"
fi

py=/usr/bin/python3
if [ "$peer" = 1 ] && ! "$py" -c "import numpy, scipy, h5py" 2>/dev/null; then
  echo "run.sh: $py lacks numpy, scipy or h5py: the peer is skipped" >&2
  peer=0
fi
"$py" -c "import json" || { echo "run.sh: $py is needed" >&2; exit 1; }

if [ -n "$keep" ]; then
  work=$keep
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/leontief-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
start=$(date +%s)
rm -f "$work"/mc.jsonl "$work"/core.jsonl "$work"/peer-*.json "$work"/pcf.jsonl \
  "$work"/fdb.jsonl
"$bin/bench_core" --machine >"$work/machine.md"
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD -- 2>/dev/null; then
  commit="$commit (with uncommitted changes)"
fi
echo "$commit" >"$work/commit.txt"

# ---- models ------------------------------------------------------------------
generate() {  # profile [lca-gen options]
  local p=$1
  shift
  log "generate $p"
  "$gen" --profile "$p" --seed 1 -o "$work/$p.h5" --json "$@" \
    >"$work/gen-$p.json"
}
# small and eco with 200 synthetic product rules for bench_pcf.
mkdir -p "$work/rules-small" "$work/rules-eco"
generate small --rules "$work/rules-small"
models=(small)
if [ "$quick" = 0 ]; then
  generate eco --rules "$work/rules-eco"
  models+=(eco)
  log "import USEEIO v1.2, USLCI (IPCC AR6 GWP100), WIOD 2011"
  "$L" import useeio datasets/useeio-v1.2/raw -o "$work/useeio.h5" >/dev/null
  "$L" import olca datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip \
    --method gwp100-ar6 -o "$work/uslci.h5" >/dev/null
  w=datasets/wiod-2011
  "$L" import io --Z "$w/inter.csv" --x "$w/sectors_and_output.csv" \
    --x-column output --x-id-column label --Y "$w/final.csv" \
    --names "$w/sectors_and_output.csv" --names-id-column label \
    --names-column industry_name --unit "million USD" \
    -o "$work/wiod.h5" >/dev/null
  models+=(uslci useeio wiod)
  if [ "$regional" = 1 ]; then generate regional; fi
fi

# ---- our core steps ------------------------------------------------------------
repeat=5
[ "$quick" = 1 ] && repeat=1
: >"$work/core.md"
for m in "${models[@]}"; do
  log "bench_core $m"
  extra=()
  [ "$quick" = 1 ] && extra=(--quick)
  "$bin/bench_core" --repeat "$repeat" "${extra[@]}" --label "$m" \
    --json "$work/core.jsonl" "$work/$m.h5" | sed -n '/^### /,$p' >>"$work/core.md"
done
if [ "$regional" = 1 ]; then
  log "bench_core regional (one repeat, $(nproc) threads: minutes)"
  "$bin/bench_core" --repeat 1 --threads "$(nproc)" --sparse-only --iterative \
    --no-mc --label regional --json "$work/core.jsonl" "$work/regional.h5" |
    sed -n '/^### /,$p' >>"$work/core.md"
fi

# ---- Monte Carlo: ours, 1 and nproc threads --------------------------------------
# mc LABEL MODEL ITERATIONS RUN THREADS RANKS [mc options]: one run of
# `leontief mc --json` (RANKS 0: without mpirun); its summary line, labelled,
# goes to mc.jsonl. Hybrid runs need --bind-to none: mpirun binds one rank
# to one core by default, and its OpenMP threads would share that core.
mc() {
  local label=$1 model=$2 iters=$3 run=$4 threads=$5 ranks=$6
  shift 6
  local cmd=("$L")
  if [ "$ranks" != 0 ]; then
    cmd=(mpirun --oversubscribe --bind-to none -np "$ranks" "$LM")
    [ "$(id -u)" = 0 ] && cmd=(mpirun --allow-run-as-root --oversubscribe \
      --bind-to none -np "$ranks" "$LM")
  fi
  log "mc $label: $iters iterations, $threads thread(s), ranks $ranks, run $run"
  "${cmd[@]}" mc "$work/$model.h5" -n "$iters" --seed 1 --threads "$threads" \
    --json -o "$work/mc-out.h5" "$@" 2>/dev/null |
    grep '^{' |
    sed "s/^{/{\"label\": \"$label\", \"model\": \"$model\", \"run\": $run, /" \
      >>"$work/mc.jsonl"
  rm -f "$work/mc-out.h5"
}
nt=$(nproc)
uslci_products=(--product "Electricity, at grid, US, 2000"
  --product "Steel plate; Blast furnace route; Production mix; 85% recovery rate"
  --product "Hardboard, at hardboard plant"
  --product "Cellulosic fiberboard, uncoated, at plant"
  --product "Coal extraction; Underground mine")
# 1 and nproc threads interleaved run by run, so that a change in the
# machine's speed hits both. These runs refactorize every iteration
# (--mc-solver direct: the path issues #4 and #6 measure); the iterative
# path has its own part below.
D=(--mc-solver direct)
if [ "$quick" = 1 ]; then
  for t in 1 "$nt"; do
    mc small small 200 1 "$t" 0 --demand-set "key products" "${D[@]}"
  done
else
  for run in 1 2 3; do
    for t in 1 "$nt"; do
      mc small small 2000 "$run" "$t" 0 --demand-set "key products" "${D[@]}"
      mc uslci uslci 20000 "$run" "$t" 0 --pedigree-fill \
        "${uslci_products[@]}" "${D[@]}"
      mc eco eco 32 "$run" "$t" 0 --demand-set "key products" "${D[@]}"
    done
  done
  if [ -n "$LM" ]; then  # strong scaling: ranks x threads
    for run in 1 2 3; do
      for cfg in "1 1" "2 1" "1 2"; do
        read -r ranks threads <<<"$cfg"
        mc "mpi-uslci" uslci 20000 "$run" "$threads" "$ranks" --pedigree-fill \
          "${uslci_products[@]}" "${D[@]}"
        if [ "$run" = 1 ]; then
          mc "mpi-eco" eco 32 1 "$threads" "$ranks" --demand-set \
            "key products" "${D[@]}"
        fi
      done
    done
  fi
fi

# ---- Monte Carlo: the iterative path (issue #16) ---------------------------------
# bench_mc_iter: the direct path and the iterative one (GMRES and BiCGSTAB,
# batches of 1 and 16) on the same samples, a wave of each in turn, 1
# thread, with a lognormal of spread sigma on every input of A; then the
# speed-up and fallback curve over sigma. Then `leontief mc` as a user runs
# it: all products' factors of one indicator on eco, 500 iterations on each
# path on all threads (the 10,000-iteration time is extrapolated).
: >"$work/mciter.md"
if [ "$quick" = 1 ]; then
  log "bench_mc_iter small"
  "$bin/bench_mc_iter" "$work/small.h5" --sigma 0.2 --iters 16 --batch 16 \
    --label small --json "$work/mciter.jsonl" >>"$work/mciter.md"
else
  log "bench_mc_iter eco, sigma 0.1 0.2 0.4 (minutes)"
  "$bin/bench_mc_iter" "$work/eco.h5" --sigma 0.1,0.2,0.4 --iters 64 \
    --batch 1,16 --method gmres,bicgstab --label eco \
    --json "$work/mciter.jsonl" >>"$work/mciter.md"
  log "bench_mc_iter eco, the sigma curve (minutes)"
  "$bin/bench_mc_iter" "$work/eco.h5" --iters 32 --batch 16 \
    --sigma 0.05,0.1,0.2,0.3,0.4,0.6,0.8,1.0 --label eco-curve \
    --json "$work/mciter.jsonl" >>"$work/mciter.md"
  for p in iterative direct; do
    mc "eco-500-$p" eco 500 1 "$nt" 0 --indicator ind00000 --mc-solver "$p"
  done
fi

# ---- product carbon footprints: 200 categories in one run vs one -----------------
: >"$work/pcf.md"
if [ "$quick" = 1 ]; then
  log "bench_pcf small (quick)"
  "$bin/bench_pcf" "$work/small.h5" "$work/rules-small" --quick --label small \
    --json "$work/pcf.jsonl" >>"$work/pcf.md"
else
  log "bench_pcf small, eco"
  "$bin/bench_pcf" "$work/small.h5" "$work/rules-small" --iterations 400 \
    --repeat 3 --label small --json "$work/pcf.jsonl" >>"$work/pcf.md"
  "$bin/bench_pcf" "$work/eco.h5" "$work/rules-eco" --iterations 32 \
    --repeat 3 --label eco --json "$work/pcf.jsonl" >>"$work/pcf.md"
fi

# ---- a factor-database release against plain mc (issue #12) -----------------------
# fdb LABEL MODEL INDICATOR ITERATIONS RUN: `leontief mc` and `leontief
# factordb build` of the same model, indicator, seed and iterations, back to
# back, each timed as a whole process by GNU time (wall seconds, peak RSS),
# one line each in fdb.jsonl. The release includes everything a user waits
# for: the Monte Carlo run, the deterministic records, data quality, trace,
# the files and their hashes. Both take the iterative path (issue #16)
# explicitly: `auto` decides by a timed pilot, which on a busy machine may
# pick different paths for the two runs; the iterative one is also the
# cheaper per iteration, so the release's fixed cost weighs the most.
fdb() {
  local label=$1 model=$2 ind=$3 iters=$4 run=$5 kind
  for kind in release mc; do
    rm -rf "$work/fdb-out" "$work/fdb-out.h5"
    local cmd=("$L" mc "$work/$model.h5" --indicator "$ind" -n "$iters"
      --seed 1 --mc-solver iterative --quiet -o "$work/fdb-out.h5")
    [ "$kind" = release ] && cmd=("$L" factordb build "$work/$model.h5"
      --indicator "$ind" -n "$iters" --seed 1 --mc-solver iterative
      -o "$work/fdb-out")
    log "fdb $label: $kind, $iters iterations, run $run"
    /usr/bin/time -f "%e %M" -o "$work/fdb-time.txt" "${cmd[@]}" \
      >/dev/null 2>&1 || { echo "run.sh: $kind failed on $label" >&2; continue; }
    read -r wall rss <"$work/fdb-time.txt"
    echo "{\"label\": \"$label\", \"kind\": \"$kind\", \"iterations\": $iters," \
      "\"run\": $run, \"wall_s\": $wall, \"peak_rss_kib\": $rss}" \
      >>"$work/fdb.jsonl"
  done
  rm -rf "$work/fdb-out" "$work/fdb-out.h5"
}
if [ ! -x /usr/bin/time ]; then
  echo "run.sh: /usr/bin/time (Debian: time) is missing: no release timing" >&2
elif [ "$quick" = 1 ]; then
  fdb small small ind00000 20 1
else
  fdb eco eco ind00000 1000 1  # a few minutes on 2 cores
fi

# ---- the SciPy peer ---------------------------------------------------------------
peer_run() {  # LABEL [options]
  local label=$1
  shift
  log "peer $label $*"
  "$py" benchmarks/peers/scipy_peer.py "$work/$label.h5" "$@" \
    >"$work/peer-$label.json" || echo "run.sh: the peer failed on $label" >&2
}
if [ "$peer" = 1 ]; then
  if [ "$quick" = 1 ]; then
    peer_run small --repeat 1 --mc-iters 2 --sample 10
  else
    peer_run small --repeat 5 --mc-iters 10 --sample 100
    peer_run uslci --repeat 5 --mc-iters 50 --sample 200 \
      "${uslci_products[@]}"
    peer_run useeio --repeat 5 --skip monte_carlo
    peer_run wiod --repeat 3 --skip monte_carlo
    # COLAMD (SciPy's default) is given 60 s on eco; it did not finish in
    # 600 s when first tried (benchmarks/peers/README.md).
    peer_run eco --repeat 3 --mc-iters 2 --sample 20 --time-limit 60 \
      --experiment-limit 900 --orderings COLAMD,MMD_AT_PLUS_A
    if [ "$regional" = 1 ]; then
      peer_run regional --orderings MMD_AT_PLUS_A --time-limit 180 \
        --skip batch,factors,monte_carlo,dense
    fi
  fi
fi

# ---- the crossover and the residual check (full runs) -------------------------------
: >"$work/crossover.md"
if [ "$quick" = 0 ]; then
  uslci_mtx=datasets/uslci/derived
  wiod_csv=datasets/wiod-2011
  log "refine_cost"
  "$bin/refine_cost" --useeio datasets/useeio-v1.2/raw --uslci "$uslci_mtx" \
    --wiod "$wiod_csv" | sed -n '/^## /,$p' >>"$work/crossover.md" || true
  log "crossover, 1 thread (minutes)"
  "$bin/crossover" --threads 1 --useeio datasets/useeio-v1.2/raw \
    --uslci "$uslci_mtx" --wiod "$wiod_csv" | sed -n '/^## /,$p' \
    >>"$work/crossover.md" || true
fi

# ---- the report ------------------------------------------------------------------------
echo "$(( $(date +%s) - start ))" >"$work/seconds.txt"
cut -d' ' -f1-3 /proc/loadavg >"$work/loadavg-end.txt"
tmp=$(mktemp "${TMPDIR:-/tmp}/leontief-results.XXXXXX")
args=(--work "$work")
[ "$quick" = 1 ] && args+=(--quick)
"$py" benchmarks/report.py "${args[@]}" >"$tmp"
if [ "$out" = /dev/stdout ]; then
  cat "$tmp"
  rm -f "$tmp"
else
  chmod 644 "$tmp"
  mv "$tmp" "$out"
  log "wrote $out"
fi
