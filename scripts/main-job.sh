#!/usr/bin/env bash
# scripts/main-job.sh: install, build, and run the main job on bundled data:
# upstream greenhouse-gas factors (kg CO2-eq per USD) of all 388 USEEIO v1.2
# products, and the footprints of the bundled US demand vectors, written to
# out/useeio-ghg.h5 (HDF5; docs/FORMAT.md) with the top of the table shown.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh build
mkdir -p out
./build/leontief import useeio datasets/useeio-v1.2/raw -o out/useeio-v1.2.h5
./build/leontief factors out/useeio-v1.2.h5 --indicator GHG --all-demands \
  -o out/useeio-ghg.h5
