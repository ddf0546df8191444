#!/usr/bin/env bash
# A cross-built test suite as a build system runs it: the googletest project of tests/runners
# (29 tests, death tests included) built with mingw-w64 for x86-64 Windows, once with polyrun and
# once with wine as CMAKE_CROSSCOMPILING_EMULATOR, then the same `ctest -jN` through each, side by
# side; printed: the build (with gtest_discover_tests, which runs the test program at build time)
# and the ctest run, in seconds, and polyrun's time against wine's. wine starts with no
# wineserver running (as in a fresh CI job; its server then stays up between tests that follow
# each other closely), and is also measured warm (a wineserver kept running throughout).
#   bench/runners.sh [--polyrun PATH] [--jobs N] [--work DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
polyrun=build/polyrun jobs=2 work=build/bench-runners
while [ $# -gt 0 ]; do
  case "$1" in
    --polyrun) polyrun="$2"; shift ;;
    --jobs) jobs="$2"; shift ;;
    --work) work="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "bench/runners.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
polyrun=$(realpath "$polyrun")
wine=""
for w in /usr/lib/wine/wine64 "$(command -v wine64 || true)"; do
  if [ -n "$w" ] && [ -x "$w" ]; then wine="$w"; break; fi
done
[ -n "$wine" ] || { echo "bench/runners.sh: wine is not installed (apt-get install wine64)" >&2; exit 1; }
wineserver=$(command -v wineserver || ls /usr/lib/wine/wineserver 2>/dev/null)
mkdir -p "$work"
work=$(realpath "$work")
export WINEPREFIX="$work/wineprefix" WINEDEBUG=-all
"$wineserver" -k 2>/dev/null || true
rm -rf "$work/polyrun" "$work/wine"
"$wine" cmd /c exit >/dev/null 2>&1 </dev/null || true  # the prefix, made on the first run
"$wineserver" -k 2>/dev/null || true

configure() {  # DIR EMULATOR
  cmake -S tests/runners/project -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$PWD/tests/runners/project/toolchains/x86_64-w64-mingw32.cmake" -DPOLYRUN="$2" >/dev/null
  # Build everything but the test program's link, so that the timed build is the link and the
  # discovery through the emulator.
  ninja -C "$1" gtest_main textkit >/dev/null
}
# Seconds a command took (it must succeed: a failing build or test makes the comparison void).
seconds() {
  local TIMEFORMAT='%R' out
  out=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || { echo "bench/runners.sh: failed: $*" >&2; return 1; }
  echo "$out"
}

configure "$work/polyrun" "$polyrun"
configure "$work/wine" "$wine"
printf '%-24s %10s %10s %10s %12s\n' step "polyrun s" "wine s" "wine warm s" "polyrun/wine"
b_p=$(seconds cmake --build "$work/polyrun")
"$wineserver" -k 2>/dev/null || true
b_w=$(seconds cmake --build "$work/wine")
"$wineserver" -k 2>/dev/null || true
t_p=$(seconds ctest --test-dir "$work/polyrun" -j"$jobs")
t_w=$(seconds ctest --test-dir "$work/wine" -j"$jobs")
"$wineserver" -k 2>/dev/null || true
# Warm: a persistent server with wine's device services already started (started from a test,
# they would hold its output pipe open and ctest would wait for them).
"$wineserver" -p 60 >/dev/null 2>&1 </dev/null &
sleep 1
"$wine" cmd /c exit >/dev/null 2>&1 </dev/null || true
t_ww=$(seconds ctest --test-dir "$work/wine" -j"$jobs")
"$wineserver" -k || true
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3fx", a / b }'; }
printf '%-24s %10s %10s %10s %12s\n' "build + discovery" "$b_p" "$b_w" "-" "$(ratio "$b_p" "$b_w")"
printf '%-24s %10s %10s %10s %12s\n' "ctest -j$jobs (29 tests)" "$t_p" "$t_w" "$t_ww" "$(ratio "$t_p" "$t_w")"
for d in polyrun wine; do
  ctest --test-dir "$work/$d" -j"$jobs" 2>&1 | grep -E "tests passed" | sed "s/^/$d: /"
done
