#!/usr/bin/env bash
# tests/install/run.sh BUILD SRC [FLAGS...]: the installed library works.
#
# cmake --install BUILD into a temporary prefix, which is then moved (the
# installation must be relocatable), and:
#   1. builds tests/install/consumer.c out of tree against it through
#      find_package(leontief) (leontief::lca, shared, and
#      leontief::lca_static), through pkg-config (shared) and, when g++
#      is there, as C++ (the headers' extern "C"); each prints the tiny
#      example's factors, checked against tests/install/expected.txt (and
#      by the program against the hand-computed values);
#   2. checks libleontief.so's soname and that it exports every function
#      of the installed headers and nothing else (no lca__ internals);
#   3. runs the installed leontief: it finds the installed data
#      (share/leontief) by itself, not the source tree's, and
#      $LEONTIEF_DATADIR still overrides it;
#   4. imports the installed Python package (when a python3 with numpy is
#      there and no sanitizer flags are given): it loads the installed
#      library by itself and computes the factors the program computes.
# FLAGS go to the consumer's compiler and linker (the sanitizers, when the
# library was built with them).
# (Pipelines end in "grep > /dev/null", not grep -q: with pipefail, a
# writer cut off by grep -q's early exit would fail the script.)
set -euo pipefail
build=$(realpath "$1")
src=$(realpath "$2")
shift 2
flags="$*"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tiny=$src/datasets/examples/tiny
want=$src/tests/install/expected.txt

cmake --install "$build" --prefix "$tmp/first" > "$tmp/install.log"
mv "$tmp/first" "$tmp/prefix"
p=$tmp/prefix
libdir=$(dirname "$(find "$p" -name 'libleontief.so' | head -n 1)")
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# What the program prints after its version line.
check_output() {  # NAME PROGRAM...
    local name=$1
    shift
    "$@" "$tiny" > "$tmp/$name.out"
    head -n 1 "$tmp/$name.out" |
        grep '^leontief [0-9]*\.[0-9]*\.[0-9]*$' > /dev/null
    if ! tail -n +2 "$tmp/$name.out" | diff - "$want"; then
        echo "install: $name printed other factors" >&2
        exit 1
    fi
    echo "install: $name: factors as expected"
}

# 1a. The CMake package.
cmake -S "$src/tests/install" -B "$tmp/cm" -DCMAKE_PREFIX_PATH="$p" \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
    > "$tmp/cm.log" || { cat "$tmp/cm.log"; exit 1; }
cmake --build "$tmp/cm" > "$tmp/cm-build.log" ||
    { cat "$tmp/cm-build.log"; exit 1; }
check_output cmake-shared "$tmp/cm/consumer"
check_output cmake-static "$tmp/cm/consumer_static"
if ldd "$tmp/cm/consumer_static" | grep libleontief > /dev/null; then
    echo "install: consumer_static loads libleontief.so" >&2
    exit 1
fi

# 1b. pkg-config.
export PKG_CONFIG_PATH="$libdir/pkgconfig"
[ "$(pkg-config --modversion leontief)" = "$(
    sed -n 's/^#define LCA_VERSION "\(.*\)"/\1/p' "$p/include/lca/version.h")" ]
# shellcheck disable=SC2046,SC2086  # word splitting is the point
cc -std=c11 $flags $(pkg-config --cflags leontief) \
    "$src/tests/install/consumer.c" -o "$tmp/pc-consumer" \
    $(pkg-config --libs leontief) -lm
check_output pkg-config "$tmp/pc-consumer"

# 1c. C++ (extern "C" in every header).
if command -v g++ > /dev/null; then
    # shellcheck disable=SC2046,SC2086
    g++ -x c++ $flags $(pkg-config --cflags leontief) \
        "$src/tests/install/consumer.c" -o "$tmp/cxx-consumer" \
        $(pkg-config --libs leontief)
    check_output c++ "$tmp/cxx-consumer"
fi

# 2. The shared library: soname, and the public API exactly.
so=$(readlink -f "$libdir/libleontief.so")
objdump -p "$so" | grep "SONAME *libleontief\.so\.[0-9]*\.[0-9]*$" > /dev/null
nm -D --defined-only "$so" | awk '{print $3}' | sed 's/@.*//' |
    grep -v '^LEONTIEF_' | sort -u > "$tmp/exported"
cat "$p/include/lca.h" "$p"/include/lca/*.h |
    grep -oE '\blca_[A-Za-z0-9_]+\(' | tr -d '(' | sort -u > "$tmp/declared"
# A declared function the library defines but does not export is this
# test's failure; one defined nowhere (a header ahead of its code) is a
# bug of its own, said loudly (a program calling it would not link).
nm --defined-only "$libdir/libleontief.a" 2> /dev/null |
    awk 'NF == 3 {print $3}' | sort -u > "$tmp/defined"
for sym in $(comm -23 "$tmp/declared" "$tmp/exported"); do
    if grep -qx "$sym" "$tmp/defined"; then
        echo "install: $sym is defined but not exported" >&2
        exit 1
    fi
    echo "install: WARNING: $sym is declared in include/lca but defined" \
        "nowhere in the library" >&2
done
while read -r sym; do
    case $sym in
    lca__*) echo "install: internal $sym exported" >&2; exit 1 ;;
    lca_*) grep -qw "$sym" "$p/include/lca.h" "$p"/include/lca/*.h || {
        echo "install: $sym exported but in no header" >&2; exit 1; } ;;
    *) echo "install: $sym exported" >&2; exit 1 ;;
    esac
done < "$tmp/exported"
echo "install: $(wc -l < "$tmp/exported") symbols exported, all public"

# 3. The installed program and its data.
cp "$p/share/leontief/methods/gwp100-ar6.csv" \
    "$p/share/leontief/methods/only-installed.csv"
(cd "$tmp" && "$p/bin/leontief" import mtx --A "$tiny/A.mtx" \
    --B "$tiny/B.mtx" --C "$tiny/C.mtx" --flows "$tiny/flows.csv" \
    --method only-installed -o "$tmp/m.h5" > "$tmp/method.log")
grep -q '^method only-installed: ' "$tmp/method.log"
mkdir -p "$tmp/data/methods"
if LEONTIEF_DATADIR="$tmp/data" "$p/bin/leontief" import mtx \
    --A "$tiny/A.mtx" --method only-installed -o "$tmp/m2.h5" \
    2> "$tmp/override.log"; then
    echo "install: LEONTIEF_DATADIR did not override" >&2
    exit 1
fi
grep -q "$tmp/data/methods" "$tmp/override.log"
echo "install: the installed program finds share/leontief;" \
    "LEONTIEF_DATADIR overrides it"

# 4. The installed Python package (python/CMakeLists.txt).
py=""
for c in python3 /usr/bin/python3; do
    if [ -z "$py" ] && command -v "$c" > /dev/null &&
        "$c" -c 'import numpy' 2> /dev/null; then
        py=$(command -v "$c")
    fi
done
if [ -n "$flags" ] || [ -z "$py" ]; then
    echo "install: Python package not checked (sanitizer build or no" \
        "python3 with numpy)"
    exit 0
fi
pkg=$(dirname "$(find "$p" -path '*/leontief/_config.py' | head -n 1)")
"$p/bin/leontief" factors "$tmp/m.h5" -o "$tmp/f.h5" > /dev/null
env -u LEONTIEF_LIBRARY -u LD_LIBRARY_PATH PYTHONPATH="$(dirname "$pkg")" \
    "$py" - "$p" "$tmp/m.h5" "$tmp/f.h5" << 'EOF'
import sys
import leontief
from leontief import _lib
prefix, model, factors = sys.argv[1:]
assert _lib.lib._name.startswith(prefix), _lib.lib._name
with leontief.read(model) as m:
    N = m.factors()
try:
    import h5py
    with h5py.File(factors, "r") as f:
        assert f["factors/N"][...].tobytes() == N.tobytes()
except ImportError:
    pass
print(f"install: Python package {leontief.__version__} loads "
      f"{_lib.lib._name[len(prefix):]}, factors as the program's")
EOF
