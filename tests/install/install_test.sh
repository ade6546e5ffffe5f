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
echo "install test: find_package and pkg-config consumers built and ran against $prefix"
