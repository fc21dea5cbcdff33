#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]: fuzz the parsers.
#
#   bash scripts/fuzz.sh 60                # every target, 60 s each
#   bash scripts/fuzz.sh 300 mtx olca      # two targets, 5 minutes each
#
# Targets: model_read useeio mtx iotable olca ecospold2 method presamples bw
# (fuzz/fuzz_<target>.c; fuzz/README.md says what each one feeds).
#
# Installs clang and libFuzzer (Debian's clang, libclang-rt-14-dev) when
# missing, builds build-fuzz/ (clang, -DLCA_FUZZ=ON: libFuzzer + ASan +
# UBSan), then runs each target for the given time on a copy of its seed
# corpus tests/fuzz-corpus/<target>/. Every crash, leak, timeout (> 25 s
# for one input) or out-of-memory input is copied into
# tests/fuzz-corpus/<target>/ under libFuzzer's name (crash-<sha1>, ...),
# where tests/test_fuzz_corpus replays it in every test run, or, when its
# report matches a known bug of another library (fuzz/known.txt), into
# tests/fuzz-corpus/known-bugs/<target>/, which is not replayed. A target
# that crashes is restarted until its time is used up. Exits 1 if anything
# new was found. With FUZZ_MERGE=1, the new inputs of up to 3 KB that
# reach code the corpus does not (libFuzzer -merge=1) are also copied into
# tests/fuzz-corpus/<target>/ as cov-<sha1>. Logs and the working corpora
# are in build-fuzz/fuzz-work/<target>/.
set -euo pipefail
trap 'echo "fuzz.sh: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."

all=(model_read useeio mtx iotable olca ecospold2 method presamples bw)
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -lt 1 ]; then
  echo "fuzz.sh: SECONDS_PER_TARGET must be a positive integer" >&2
  exit 2
fi
for t in "${targets[@]}"; do
  if [ ! -f "fuzz/fuzz_$t.c" ]; then
    echo "fuzz.sh: no target '$t' (one of: ${all[*]})" >&2
    exit 2
  fi
done

bash scripts/deps.sh
if ! command -v clang >/dev/null ||
   ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null |
     grep -q "ok installed"; then
  echo "fuzz: installing clang libclang-rt-14-dev"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    --no-install-recommends clang libclang-rt-14-dev
fi

build=${LCA_FUZZ_BUILD:-build-fuzz}
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DLCA_FUZZ=ON \
  -DLCA_TESTS=OFF -DLCA_OPENMP=OFF -DLCA_WERROR=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz -j"$(nproc)"

# The harnesses write their files under $TMPDIR: tmpfs when there is one.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
  export TMPDIR=/dev/shm
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/fuzz/lsan.supp}

found=0
for t in "${targets[@]}"; do
  work="$build/fuzz-work/$t"
  seeds="tests/fuzz-corpus/$t"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  cp -a "$seeds/." "$work/corpus/"
  start=$SECONDS
  runs=0
  while :; do
    left=$((secs - (SECONDS - start)))
    if [ "$left" -lt 1 ] || [ "$runs" -ge 30 ]; then break; fi
    runs=$((runs + 1))
    set +e
    "$build/fuzz/fuzz_$t" -max_total_time="$left" -timeout=25 \
      -rss_limit_mb=4096 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/" "$work/corpus" \
      >>"$work/log.txt" 2>&1
    rc=$?
    set -e
    [ "$rc" -eq 0 ] && break
  done
  stats=$(grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units)' \
          "$work/log.txt" | tail -1 || true)
  new=0
  known=0
  for a in "$work"/artifacts/*; do
    [ -e "$a" ] || continue
    # Replay it alone: its report decides where it goes.
    "$build/fuzz/fuzz_$t" -timeout=25 -rss_limit_mb=4096 "$a" \
      >"$a.txt" 2>&1 || true
    if grep -v '^#' fuzz/known.txt | grep -v '^$' |
       grep -q -F -f - "$a.txt"; then
      # A few examples of a known bug are enough.
      mkdir -p "tests/fuzz-corpus/known-bugs/$t"
      if [ "$(find "tests/fuzz-corpus/known-bugs/$t" -mindepth 1 -maxdepth 1 |
        wc -l)" -lt 12 ]; then
        cp "$a" "tests/fuzz-corpus/known-bugs/$t/"
      fi
      known=$((known + 1))
    else
      cp "$a" "$seeds/"
      new=$((new + 1))
      report=$(grep -E "^(==[0-9]+==( |)ERROR|SUMMARY|fuzz $t)" "$a.txt" |
               head -3 || true)
      # An input that does not fail alone failed in a forked child or by
      # chance (time, memory): say so rather than print nothing.
      echo "fuzz $t: $(basename "$a"): ${report:-did not fail when replayed alone (see $a.txt and $work/log.txt)}"
    fi
  done
  [ "$known" -gt 0 ] && echo "fuzz $t: $known input(s) hit known bugs" \
    "(fuzz/known.txt), saved in tests/fuzz-corpus/known-bugs/$t/"
  if [ "$new" -gt 0 ]; then
    found=1
    echo "fuzz $t: $new new input(s) saved in $seeds/ (log: $work/log.txt)"
  else
    echo "fuzz $t: ${secs}s, nothing new found ($stats)"
  fi
  if [ "${FUZZ_MERGE:-0}" = 1 ]; then
    # The inputs (up to 3 KB) that reach code the corpus does not.
    rm -rf "$work/merged"
    cp -a "$seeds" "$work/merged"
    "$build/fuzz/fuzz_$t" -merge=1 -timeout=25 -rss_limit_mb=4096 \
      "$work/merged" "$work/corpus" >>"$work/merge.txt" 2>&1 || true
    added=0
    for f in "$work"/merged/*; do
      b=$(basename "$f")
      [ -e "$seeds/$b" ] || [ -e "$seeds/cov-$b" ] && continue
      [ "$(stat -c %s "$f")" -le 3000 ] || continue
      cp "$f" "$seeds/cov-$b"
      added=$((added + 1))
    done
    echo "fuzz $t: merged $added input(s) into $seeds/"
  fi
done
# A target that crashed could not remove its files: drop the folders of
# processes that are gone.
for d in "${TMPDIR:-/tmp}"/lca-fuzz-*; do
  [ -d "$d" ] || continue
  kill -0 "${d##*-}" 2>/dev/null || rm -rf "$d"
done
exit "$found"
