#!/usr/bin/env bash
# Sets up (./setup.sh) and runs the whole test suite with CTest.
#   ./run-tests.sh [--debug | --tsan] [setup.sh options…]
# --tsan runs the guest-thread tests only, under ThreadSanitizer: any report fails them.
set -euo pipefail
cd "$(dirname "$0")"
build_dir=build
only=()
for a in "$@"; do
  [ "$a" = --debug ] && build_dir=build-debug
  [ "$a" = --tsan ] && build_dir=build-tsan && only=(-R 'threads|robust_mutex|signal|exclusive|ParallelEngine|NativeX64')
done
./setup.sh "$@"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" --timeout 600 "${only[@]}"
