#!/usr/bin/env bash
# Sets up (./setup.sh) and runs the whole test suite with CTest.
#   ./run-tests.sh [--debug] [setup.sh options…]
set -euo pipefail
cd "$(dirname "$0")"
build_dir=build
for a in "$@"; do [ "$a" = --debug ] && build_dir=build-debug; done
./setup.sh "$@"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" --timeout 600
