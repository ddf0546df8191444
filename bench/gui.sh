#!/usr/bin/env bash
# A GUI program's start-up to its first painted frame (bench/programs/first_frame.c, PE32+), under
# polyrun (on an X server, and --headless) and wine 8.0 (cold: its server started for each run;
# warm: a wineserver kept running), alternating, on an Xvfb of the script's own.
#
#   bench/gui.sh [--runs N] [--polyrun PATH] [--work DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=10
polyrun=build/polyrun
work=build/bench-gui
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --polyrun) polyrun="$2"; shift ;;
    --work) work="$2"; shift ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "bench: x86_64-w64-mingw32-gcc is missing (./setup.sh installs it)" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "bench: Xvfb is missing (./setup.sh --all installs it)" >&2; exit 1; }
[ -x "$polyrun" ] || { echo "bench: $polyrun not found: build it first (./setup.sh)" >&2; exit 1; }
wine=/usr/lib/wine/wine64 wineserver=/usr/lib/wine/wineserver
[ -x "$wine" ] || { echo "bench: wine is not installed (apt-get install wine64): its columns are left empty" >&2; wine=""; }

mkdir -p "$work"
x86_64-w64-mingw32-gcc -O2 -o "$work/first_frame.exe" bench/programs/first_frame.c -lgdi32 -luser32
Xvfb -displayfd 1 -screen 0 1024x768x24 -nolisten tcp > "$work/display" 2>/dev/null &
xvfb=$!
trap 'kill $xvfb 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -1 "$work/display")"
export WINEPREFIX="$(realpath "$work")/wineprefix" WINEDEBUG=-all
if [ -n "$wine" ] && [ ! -d "$WINEPREFIX" ]; then "$wine" wineboot --init >/dev/null 2>&1 || true; fi

source bench/common.sh
ratio() { [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }' || echo "-"; }

tx=() th=() tc=() tw=()
"$polyrun" "$work/first_frame.exe"  # (once first: the file system's cache)
for ((i = 0; i < runs; i++)); do
  tx+=("$(time_one /dev/null "$polyrun" "$work/first_frame.exe")")
  th+=("$(time_one /dev/null "$polyrun" --headless "$work/first_frame.exe")")
  if [ -n "$wine" ]; then
    "$wineserver" -k 2>/dev/null || true
    "$wineserver" -w 2>/dev/null || true
    tc+=("$(time_one /dev/null "$wine" "$work/first_frame.exe")")
  fi
done
if [ -n "$wine" ]; then
  "$wineserver" -p 2>/dev/null || true
  "$wine" "$work/first_frame.exe" >/dev/null 2>&1 || true
  for ((i = 0; i < runs; i++)); do tw+=("$(time_one /dev/null "$wine" "$work/first_frame.exe")"); done
  "$wineserver" -k 2>/dev/null || true
fi
mx=$(printf '%s\n' "${tx[@]}" | median)
mh=$(printf '%s\n' "${th[@]}" | median)
mc=$( [ ${#tc[@]} -eq 0 ] || printf '%s\n' "${tc[@]}" | median)
mw=$( [ ${#tw[@]} -eq 0 ] || printf '%s\n' "${tw[@]}" | median)
printf '%-12s %12s %12s %12s %12s %16s %16s\n' program "polyrun X s" "headless s" "wine cold s" "wine warm s" "polyrun/cold" "polyrun/warm"
printf '%-12s %12s %12s %12s %12s %16s %16s\n' first_frame "$mx" "$mh" "${mc:--}" "${mw:--}" "$(ratio "$mx" "$mc")" "$(ratio "$mx" "$mw")"
echo "(wall time from start to the end of the first painted frame's run, median of $runs runs, alternating)"
