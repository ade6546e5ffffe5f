#!/bin/sh
# cmake --install into a temporary prefix, then build and run a small external program against it, once
# through find_package(hybridfog) and once through pkg-config; the installed binary validates a scenario.
#   install_test.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
source=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/hybridfog-install-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
scenario=$source/scenarios/quickstart.yaml

cmake --install "$build" --prefix "$prefix" > "$work/install.log"
"$prefix/bin/hybridfog" validate "$scenario" > /dev/null

# find_package(hybridfog)
cmake -S "$source/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_BUILD_TYPE=Release > "$work/configure.log"
cmake --build "$work/consumer" > "$work/build.log"
"$work/consumer/consumer" "$scenario" "$work/run-cmake" > "$work/cmake.out"
cat "$work/cmake.out"
grep -q "^scenario quickstart: 10 devices, policies:.* entropy .*static" "$work/cmake.out"
grep -q "^samples 30$" "$work/cmake.out"
test -f "$work/run-cmake/summary.json"

# pkg-config
libdir=$(dirname "$(find "$prefix" -name hybridfog.pc)")
flags=$(PKG_CONFIG_PATH="$libdir" pkg-config --cflags --libs hybridfog)
# shellcheck disable=SC2086
c++ -std=c++17 -O1 "$source/tests/install/consumer/consumer.cpp" -o "$work/consumer-pc" $flags
"$work/consumer-pc" "$scenario" "$work/run-pc" > "$work/pc.out"
cmp "$work/cmake.out" "$work/pc.out"
# The arrows hold for installed libraries too: a probe calling model/ links with model but not with trace
# alone; a probe calling SimGrid does not link with search (nor with everything above the engine).
probe() {  # probe SOURCE LIBS... : 0 when the shared library links with --no-undefined
  c++ -std=c++17 -shared -fPIC -o "$work/probe.so" "$source/tests/install/arrows/$1" \
      -I"$prefix/include/hybridfog" $(pkg-config --cflags yaml-cpp) -L"$libdir/.." -Wl,--no-undefined \
      $(shift; for l in "$@"; do printf -- '-lhybridfog_%s ' "$l"; done) > "$work/probe.log" 2>&1
}
probe uses_model.cpp model
if probe uses_model.cpp trace; then echo "trace alone provides model's symbols: an upward arrow would link" >&2; exit 1; fi
grep -q "undefined reference" "$work/probe.log"
if probe uses_simgrid.cpp search study scenario; then echo "SimGrid links through search/study/scenario" >&2; exit 1; fi
grep -q "undefined reference" "$work/probe.log"
echo "install test: find_package and pkg-config consumers built and ran against $prefix; arrows hold at link time"
