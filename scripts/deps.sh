#!/usr/bin/env bash
# scripts/deps.sh: install the Debian 12 packages leontief needs, if missing.
# Idempotent: does nothing (and needs no network) when all are present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git valgrind
  libsuitesparse-dev libopenblas-dev libhdf5-dev hdf5-tools
  libcmocka-dev libjansson-dev libcsv-dev
  nettle-dev
  libzip-dev libxml2-dev
  shellcheck
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
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
