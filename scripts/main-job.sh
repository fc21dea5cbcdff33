#!/usr/bin/env bash
# scripts/main-job.sh: install, build, and run the main job on bundled data.
#
# A factor-database release (docs/FACTORDB.md) of the bundled USLCI process
# database (766 processes, openLCA JSON-LD): for every product the
# cradle-to-gate carbon factor (IPCC AR6 GWP100, kg CO2-eq per unit), its
# Monte Carlo distribution (2,000 iterations, seeded, on all cores,
# bit-identical for any thread count), split and per-gas parts, data-quality
# rating, cut-off inputs, traced inputs and a record id, as CSV, JSON and
# HDF5 with a manifest of hashes. Exchanges with pedigree scores but no
# distribution get a lognormal from the ecoinvent v3 pedigree factors
# (--pedigree-fill; docs/MONTECARLO.md). Results: out/uslci-factordb/
# (docs/FORMAT.md, "Factor-database release").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh                     # the program's packages only
bash scripts/build.sh build -DLCA_TESTS=OFF  # no test dependencies needed
mkdir -p out
./build/leontief import olca datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip \
  --method gwp100-ar6 --report out/uslci-import-report.csv -o out/uslci.h5
# A release folder is never overwritten: this script starts a new one.
rm -rf out/uslci-factordb
./build/leontief factordb build out/uslci.h5 -n 2000 --seed 2024 --pedigree-fill \
  --product "Electricity, at grid, US, 2000" \
  --product "Steel plate; Blast furnace route; Production mix; 85% recovery rate" \
  --product "Hardboard, at hardboard plant" \
  --product "Cellulosic fiberboard, uncoated, at plant" \
  --product "Coal extraction; Underground mine" \
  -o out/uslci-factordb
