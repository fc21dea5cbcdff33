#!/usr/bin/env bash
# scripts/deps.sh [--tests]: install the Debian 12 packages leontief needs,
# if missing. Idempotent: does nothing (and needs no network) when all are
# present.
#
#   bash scripts/deps.sh          what building and running leontief needs
#                                 (README command 1, scripts/main-job.sh)
#   bash scripts/deps.sh --tests  that, and what the test suite, the
#                                 benchmarks and CI need (scripts/test.sh)
#
# Adding a package: to main_packages only if the program or the library
# cannot be built or run without it; anything only tests, benchmarks or CI
# use goes to test_packages. Say why in a comment.
#
# As root the packages are installed with apt-get; as another user through
# sudo when there is one; otherwise the script names the missing packages,
# says that root is needed, and exits 1.
set -euo pipefail

# Building and running leontief (the program, the library, the main job).
main_packages=(
  build-essential cmake pkg-config
  git                             # the commit recorded in results files
  libsuitesparse-dev              # UMFPACK: the sparse LU
  libopenblas-dev                 # BLAS and LAPACK: the dense LU
  libhdf5-dev                     # model and results files
  hdf5-tools                      # h5dump, h5ls to look at them (FORMAT.md)
  libjansson-dev                  # JSON: USEEIO, openLCA JSON-LD
  libcsv-dev                      # CSV
  nettle-dev                      # SHA-256 of input files (provenance)
  libzip-dev libxml2-dev          # process databases: zip, EcoSpold 2 XML
)

# The test suite, benchmarks and CI only (scripts/test.sh).
test_packages=(
  libcmocka-dev                   # the unit tests (tests/)
  valgrind                        # helgrind run of the threaded solver
  shellcheck                      # lint of the shell scripts
  # A real one-node Slurm for tests/slurm/run_slurm_test.sh, which starts
  # its own daemons on its own sockets and ports. Installing starts none
  # here (no init system); under systemd only munged would start, and the
  # slurm units wait for an /etc/slurm/slurm.conf.
  slurm-wlm munge
  # MPI for the -DLCA_MPI=ON build (mpirun -np R leontief mc; docs/HPC.md).
  libopenmpi-dev openmpi-bin
  # The SciPy peer of the benchmark suite (benchmarks/peers/scipy_peer.py),
  # which CI runs in the suite's --quick mode.
  python3 python3-numpy python3-scipy python3-h5py
  # The Python package's tests (python/tests, ctest label python): pytest;
  # numpy and h5py (above) are what the package and the tests import.
  python3-pytest
  python3-jsonschema              # schema tests (rules, CBAM tables)
  chromium                        # headless-browser test of the HTML
                                  # report, with its screenshot
  # The clang build without OpenMP and the fuzz run (scripts/fuzz.sh:
  # libFuzzer is in clang's runtime library).
  clang libclang-rt-14-dev
)

want=("${main_packages[@]}")
case "${1:-}" in
  --tests) want+=("${test_packages[@]}") ;;
  "") ;;
  *) echo "usage: bash scripts/deps.sh [--tests]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: missing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=(env)
elif command -v sudo > /dev/null; then
  # sudo resets the environment: env sets DEBIAN_FRONTEND for apt-get itself.
  as_root=(sudo env)
else
  echo "deps: installing packages needs root: run this script as root (or" \
       "install sudo), or ask an administrator to run:" >&2
  echo "  apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends "${missing[@]}"
