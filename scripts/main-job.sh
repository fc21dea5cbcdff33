#!/usr/bin/env bash
# scripts/main-job.sh: install, build, and run the main job on bundled data.
#
# Monte Carlo carbon-footprint factors (IPCC AR6 GWP100, kg CO2-eq per unit)
# with mean, standard deviation and 95 % interval for every product of the
# bundled USLCI process database (766 processes, openLCA JSON-LD), plus the
# footprint distributions of a few key products, from one run: 2,000
# iterations, seeded, on all cores, bit-identical for any thread count.
# Exchanges with pedigree scores but no distribution get a lognormal from
# the ecoinvent v3 pedigree factors (--pedigree-fill); see
# docs/MONTECARLO.md. Results: out/uslci-mc.h5 (docs/FORMAT.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh build
mkdir -p out
./build/leontief import olca datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip \
  --method gwp100-ar6 --report out/uslci-import-report.csv -o out/uslci.h5
./build/leontief mc out/uslci.h5 -n 2000 --seed 2024 --pedigree-fill \
  --product "Electricity, at grid, US, 2000" \
  --product "Steel plate; Blast furnace route; Production mix; 85% recovery rate" \
  --product "Hardboard, at hardboard plant" \
  --product "Cellulosic fiberboard, uncoated, at plant" \
  --product "Coal extraction; Underground mine" \
  -o out/uslci-mc.h5
