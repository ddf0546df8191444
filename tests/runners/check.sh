#!/usr/bin/env bash
# Builds a real project for another target with the build system's own test runner pointed at
# polyrun, and runs its tests through it:
#   check.sh cmake|meson TARGET POLYRUN WORK_DIR
# TARGET: aarch64-linux-gnu, x86_64-w64-mingw32 or i686-w64-mingw32. CMake: googletest (from
# /usr/src/googletest) with gtest_discover_tests, which runs the test program through polyrun at
# build time, then `ctest -j2`. Meson: `meson test` with polyrun as the exe_wrapper. Fails unless
# every test passes and the expected number ran.
set -euo pipefail
kind=$1 target=$2 polyrun=$(realpath "$3") work=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
case "$kind" in
  cmake)
    cmake -S "$here/project" -B "$work" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_TOOLCHAIN_FILE="$here/project/toolchains/$target.cmake" -DPOLYRUN="$polyrun" > "$work.configure.log" 2>&1 ||
      { cat "$work.configure.log"; exit 1; }
    cmake --build "$work" > "$work.build.log" 2>&1 || { tail -40 "$work.build.log"; exit 1; }
    ctest --test-dir "$work" -j2 --output-on-failure --timeout 120 | tee "$work.ctest.log"
    expected=29
    ;;
  meson)
    printf "[binaries]\nexe_wrapper = ['%s']\n" "$polyrun" > "$work.polyrun.ini"
    meson setup "$work" "$here/meson-project" --cross-file "$here/meson-project/cross/$target.ini" \
      --cross-file "$work.polyrun.ini" > "$work.configure.log" 2>&1 || { cat "$work.configure.log"; exit 1; }
    meson test -C "$work" --num-processes 2 --print-errorlogs | tee "$work.test.log"
    grep -q "^Ok: *5 *$" "$work.test.log" && grep -q "^Expected Fail: *2 *$" "$work.test.log" &&
      grep -q "^Skipped: *1 *$" "$work.test.log" && grep -q "^Fail: *0 *$" "$work.test.log" ||
      { echo "check.sh: meson test did not give 5 ok, 2 expected failures, 1 skip"; exit 1; }
    exit 0
    ;;
  *) echo "check.sh: cmake or meson, not $kind" >&2; exit 2 ;;
esac
grep -q "^100% tests passed, 0 tests failed out of $expected\$" "$work.ctest.log" ||
  { echo "check.sh: expected all $expected tests to pass"; exit 1; }
