#!/usr/bin/env bash
# scripts/same-outputs.sh OLD NEW [DIR]: do two leontief binaries write the
# same files? For refactorings that must not change a bit of any output.
#
# Runs every command (import of each format, solve, factors, mc with a
# seed above 2^63 and with a stop and resume, export of results and of a
# model, info) with both binaries on the bundled data, then compares:
# HDF5 files with h5diff (every dataset, exact) and their root attributes
# with h5dump, leaving out only those that differ from run to run
# (created_utc, finished_utc, git_commit, command_line: the binary's path;
# and $SAME_OUTPUTS_IGNORE);
# CSV and Matrix Market exports and import reports byte for byte; stdout
# with timings blanked. Prints each difference; exit 0 when there is none.
set -euo pipefail
old=$(realpath "$1")
new=$(realpath "$2")
dir=${3:-$(mktemp -d)}
cd "$(dirname "$0")/.."
src=$PWD
tiny=$src/datasets/examples/tiny
uslci=$src/datasets/uslci/raw/uslci_olca1_5_0_json_ld.zip
wiod=$src/datasets/wiod-2011

# The commands, run in $out with $L the binary. The imports write their
# own models; the calculations read the first binary's (a model file
# records when it was written, and its hash goes into results files).
run_all() {
    local L=$1 out=$2 ref=$3
    mkdir -p "$out"
    cd "$out"
    {
    "$L" import mtx --A "$tiny/A.mtx" --B "$tiny/B.mtx" --C "$tiny/C.mtx" \
        --products "$tiny/products.csv" --flows "$tiny/flows.csv" \
        --indicators "$tiny/indicators.csv" --demands "$tiny/demands.csv" \
        -o tiny.h5
    "$L" import useeio "$src/datasets/useeio-v1.2/raw" -o useeio.h5
    "$L" import olca "$uslci" --method gwp100-ar6 --report uslci-report.csv \
        -o uslci.h5
    "$L" import io --Z "$wiod/inter.csv" --x "$wiod/sectors_and_output.csv" \
        --x-column output --x-id-column label --Y "$wiod/final.csv" \
        --names "$wiod/sectors_and_output.csv" --names-id-column label \
        --names-column industry_name --unit "million USD" \
        --report wiod-report.csv -o wiod.h5
    for m in tiny useeio uslci wiod; do
        [ "$ref" = "$out" ] || mv "$m.h5" "import-$m.h5"
        [ "$ref" = "$out" ] || cp "$ref/$m.h5" "$m.h5"
    done
    "$L" info tiny.h5
    "$L" info uslci.h5
    "$L" solve tiny.h5 --supply --inventory --by-product --factors \
        -o tiny-solve.h5
    "$L" factors tiny.h5 --flow "$(sed -n 2p "$tiny/flows.csv" | cut -d, -f1)" \
        -o tiny-factors.h5
    "$L" solve useeio.h5 --by-product --supply --inventory -o useeio-solve.h5
    "$L" factors useeio.h5 --indicator GHG --indicator ACID \
        -o useeio-factors.h5
    "$L" solve wiod.h5 --demand AUS_FD1_households --demand BEL_FD4_gfcf \
        --supply --by-product -o wiod-solve.h5
    "$L" mc uslci.h5 -n 70 --seed 18446744073709551615 --pedigree-fill \
        --block-size 8 --product "Electricity, at grid, US, 2000" \
        --product "Hardboard, at hardboard plant" -o uslci-mc.h5
    LEONTIEF_MC_STOP_AFTER=24 "$L" mc uslci.h5 -n 70 --seed 7 \
        --pedigree-fill --block-size 8 --checkpoint-every 8 \
        --product "Electricity, at grid, US, 2000" -o uslci-mc2.h5 || true
    "$L" mc --resume uslci-mc2.h5
    "$L" mc tiny.h5 -n 40 --seed 3 --no-factor-samples --all-demands \
        -o tiny-mc.h5 || true
    "$L" export tiny-solve.h5 --csv tiny-solve-csv --mtx
    "$L" export useeio-factors.h5 --csv useeio-factors-csv
    "$L" export tiny.h5 --csv tiny-model-csv
    } > stdout.txt 2> stderr.txt
    cd - > /dev/null
}

run_all "$old" "$dir/old" "$dir/old"
run_all "$new" "$dir/new" "$dir/old"

status=0
differ() { echo "DIFFERS: $*"; status=1; }
volatile='created_utc|finished_utc|git_commit|command_line'
# More attributes to leave out, e.g. one whose change is intended:
# SAME_OUTPUTS_IGNORE='seed|other'.
[ -n "${SAME_OUTPUTS_IGNORE:-}" ] && volatile="$volatile|$SAME_OUTPUTS_IGNORE"
attrs() {  # root attributes, without the volatile ones
    h5dump -A -g / "$1" | awk -v re="ATTRIBUTE \"($volatile)\"" '
        NR == 1 { next } $0 ~ re { skip = 1 } skip && /^   }/ { skip = 0; next } !skip'
}
for f in "$dir"/old/*.h5; do
    b=$(basename "$f")
    g=$dir/new/$b
    case $b in tiny.h5|useeio.h5|uslci.h5|wiod.h5) g=$dir/new/import-$b ;; esac
    [ -f "$g" ] || { differ "$b missing"; continue; }
    h5diff --exclude-attribute / "$f" "$g" > /dev/null ||
        differ "$b (h5diff $f $g)"
    cmp -s <(attrs "$f") <(attrs "$g") ||
        differ "$b root attributes (diff <(h5dump -A -g / $f) ...)"
done
for d in "$dir"/old/*-csv "$dir"/old/*.csv; do
    diff -r "$d" "$dir/new/$(basename "$d")" > /dev/null ||
        differ "$(basename "$d")"
done
blank() { sed -E 's/[0-9.]+ s\b/T s/g; s/[0-9.]+ it\/s/T it\/s/g' "$1"; }
cmp -s <(blank "$dir/old/stdout.txt") <(blank "$dir/new/stdout.txt") ||
    differ "stdout (diff $dir/old/stdout.txt $dir/new/stdout.txt)"
cmp -s <(blank "$dir/old/stderr.txt") <(blank "$dir/new/stderr.txt") ||
    differ "stderr (diff $dir/old/stderr.txt $dir/new/stderr.txt)"
n=$(find "$dir/old" -maxdepth 1 -name "*.h5" | wc -l)
[ "$status" = 0 ] && echo "same outputs: $n HDF5 files, exports, stdout ($dir)"
exit "$status"
