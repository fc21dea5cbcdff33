#!/usr/bin/env bash
# scripts/test.sh: the whole test suite, as CI runs it.
#   1. install what is missing (scripts/deps.sh --tests), lint the scripts
#   2. build with -Werror and run every CTest test
#   3. build with AddressSanitizer + UndefinedBehaviorSanitizer, run again
#   4. build with MPI (-DLCA_MPI=ON) and run the MPI tests
#   5. build with clang and without OpenMP, run the unit and CLI tests
#   6. fuzz every parser for 2 s (scripts/fuzz.sh; libFuzzer needs clang)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --tests

echo "== shellcheck: the shell scripts"
shellcheck examples/slurm/*.sh scripts/*.sh tests/slurm/*.sh tests/install/*.sh benchmarks/*.sh .ci/run

echo "== release build: all tests"
bash scripts/build.sh build -DLCA_TESTS=ON  # (main-job.sh builds without)
(cd build && ctest --output-on-failure -j"$(nproc)")

echo "== ASan + UBSan build: all tests"
bash scripts/build.sh build-asan -DLCA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j"$(nproc)")

echo "== MPI build: the MPI tests (mpirun -np 1..3 leontief mc)"
# Only what the mpi-labelled tests run is built, to keep this step short.
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLCA_WERROR=ON \
  -DLCA_MPI=ON >/dev/null
cmake --build build-mpi -j"$(nproc)" --target leontief test_mpi_mc
(cd build-mpi && ctest --output-on-failure -L mpi)

echo "== clang, no OpenMP: the unit and CLI tests"
# The other compiler and the serial build catch what GCC and OpenMP hide
# (feature macros, #ifdef _OPENMP paths); the integration tests already
# ran twice above, so only the quick labels run here.
bash scripts/build.sh build-clang -DCMAKE_C_COMPILER=clang -DLCA_OPENMP=OFF \
  -DLCA_TESTS=ON
(cd build-clang && ctest --output-on-failure -j"$(nproc)" -L 'unit|cli')

echo "== fuzz: 2 s per parser"
# A smoke run (about 20 s in all for the 9 parsers): the harnesses build
# and run, and nothing new turns up. Long runs: bash scripts/fuzz.sh 600.
bash scripts/fuzz.sh 2
