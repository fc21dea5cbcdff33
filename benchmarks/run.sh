#!/usr/bin/env bash
# benchmarks/run.sh: build Release, run every benchmark, write
# benchmarks/RESULTS.md (machine, date, commit and the tables).
#
#   bash benchmarks/run.sh            # about 6-8 minutes on 2 cores
#
# Environment: LCA_BENCH_BUILD (build folder, default build-release);
# LCA_WIOD_DIR and LCA_USLCI_DIR (the WIOD 2011 CSV and USLCI derived
# folders of the shared datasets; each is skipped when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${LCA_BENCH_BUILD:-build-release}
shared=../shared/datasets
wiod_dir=${LCA_WIOD_DIR:-$shared/wiod-2013-release-2011/derived}
uslci_dir=${LCA_USLCI_DIR:-$shared/uslci/derived}
useeio_dir=datasets/useeio-v1.2/raw
out=benchmarks/RESULTS.md

echo "== build ($build, Release)"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DLCA_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target bench_core crossover refine_cost \
  >/dev/null

real=(--useeio "$useeio_dir")
if [ -f "$wiod_dir/inter.csv" ]; then
  real+=(--wiod "$wiod_dir")
else
  echo "   WIOD not found at $wiod_dir: skipped"
fi
if [ -f "$uslci_dir/technosphere.mtx" ]; then
  real+=(--uslci "$uslci_dir")
else
  echo "   USLCI not found at $uslci_dir: skipped"
fi

commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD -- 2>/dev/null; then
  commit="$commit (with uncommitted changes)"
fi
tmp=$(mktemp "$out.tmp.XXXXXX")
trap 'rm -f "$tmp"' EXIT
start=$(date +%s)
{
  echo "# Benchmark results"
  echo
  echo "Written by \`bash benchmarks/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'),"
  echo "commit $commit. How to read them: [README.md](README.md);"
  echo "what they decided: [docs/SOLVER.md](../docs/SOLVER.md)."
  echo
  echo "Times are wall clock (CLOCK_MONOTONIC). On a shared machine other"
  echo "processes inflate them, the multi-threaded ones most; the load"
  echo "average is printed with each program's machine details."
  echo
} >"$tmp"

bin="$build/benchmarks"
echo "== bench_core (USEEIO)"
"$bin/bench_core" --useeio "$useeio_dir" >>"$tmp"
echo "== refine_cost"
"$bin/refine_cost" "${real[@]}" >>"$tmp"
echo >>"$tmp"
echo "== crossover, 1 thread"
"$bin/crossover" --threads 1 "${real[@]}" >>"$tmp"
echo >>"$tmp"
echo "== crossover, $(nproc) threads"
"$bin/crossover" --threads "$(nproc)" "${real[@]}" >>"$tmp"
echo >>"$tmp"
echo "(run.sh took $(( $(date +%s) - start )) s after the build; load average" \
  "at the end: $(cut -d' ' -f1-3 /proc/loadavg))" >>"$tmp"
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "== wrote $out"
