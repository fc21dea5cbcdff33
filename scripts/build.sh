#!/usr/bin/env bash
# scripts/build.sh [DIR] [cmake options...]: configure and build leontief.
# The default DIR is build/, warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLCA_WERROR=ON "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)"
