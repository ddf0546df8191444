#!/usr/bin/env bash
# Windows programs under polyrun and wine, side by side: the startup time of hello.exe and the CPU
# benchmarks of bench/programs/ built as PE32+ (x86_64-w64-mingw32-gcc -O2), with the same
# sources built natively as the baseline. polyrun runs each natively (its default) and with
# --cpu emulate. wine is measured cold (its server started for each run)
# and warm (with a wineserver kept running).
#
#   bench/windows.sh [--runs N] [--polyrun PATH] [--work DIR] [PROGRAM...]
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
polyrun=build/polyrun
work=build/bench-windows
programs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --polyrun) polyrun="$2"; shift ;;
    --work) work="$2"; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) programs+=("$1") ;;
  esac
  shift
done
[ ${#programs[@]} -gt 0 ] || programs=(hello intmix interp libc_heavy crt_mix crt_text heap_api threads_contended lock_contended)
declare -A scale=([hello]=1 [intmix]=4 [interp]=2 [libc_heavy]=2 [crt_mix]=2 [crt_text]=4 [heap_api]=1 [threads_contended]=2 [lock_contended]=2)

command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "bench: x86_64-w64-mingw32-gcc is missing (./setup.sh installs it)" >&2; exit 1; }
[ -x "$polyrun" ] || { echo "bench: $polyrun not found: build it first (./setup.sh)" >&2; exit 1; }
wine=""
for w in /usr/lib/wine/wine64 "$(command -v wine64 || true)" "$(command -v wine || true)"; do
  if [ -n "$w" ] && [ -x "$w" ]; then wine="$w"; break; fi
done
wineserver=$(command -v wineserver || ls /usr/lib/wine/wineserver 2>/dev/null || true)
[ -n "$wine" ] || echo "bench: wine is not installed (apt-get install wine64): its columns are left empty" >&2

mkdir -p "$work"
printf '#include <stdio.h>\nint main(void) { printf("hello\\n"); return 0; }\n' > "$work/hello.c"
x86_64-w64-mingw32-gcc -O2 -o "$work/hello.exe" "$work/hello.c"  # (it also makes wine's prefix)
for p in "${programs[@]}"; do
  src="bench/programs/$p.c"
  [ "$p" = hello ] && src="$work/hello.c"
  x86_64-w64-mingw32-gcc -O2 -o "$work/$p.exe" "$src"
  cc -O2 -pthread -o "$work/$p.native" "$src"
done

export WINEPREFIX="$(realpath "$work")/wineprefix" WINEDEBUG=-all
if [ -n "$wine" ] && [ ! -d "$WINEPREFIX" ]; then "$wine" wineboot --init >/dev/null 2>&1 || true; fi
if [ -n "$wine" ] && ! "$wine" "$work/hello.exe" > /dev/null 2>&1; then
  echo "bench: $wine cannot run hello.exe: its columns are left empty" >&2
  wine=""
fi

source bench/common.sh
ratio() { [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }' || echo "-"; }

printf '%-17s %10s %10s %12s %12s %10s %14s %14s\n' program "polyrun s" "emulated s" "wine cold s" "wine warm s" "native s" "polyrun/wine" "polyrun/native"
for p in "${programs[@]}"; do
  s=${scale[$p]:-1}
  tp=() te=() tc=() tw=() tn=()
  for ((i = 0; i < runs; i++)); do
    tp+=("$(time_one /dev/null "$polyrun" "$work/$p.exe" "$s")")
    te+=("$(time_one /dev/null "$polyrun" --cpu emulate "$work/$p.exe" "$s")")
    tn+=("$(time_one /dev/null "$work/$p.native" "$s")")
    if [ -n "$wine" ]; then
      [ -z "$wineserver" ] || "$wineserver" -k 2>/dev/null || true
      [ -z "$wineserver" ] || "$wineserver" -w 2>/dev/null || true
      tc+=("$(time_one /dev/null "$wine" "$work/$p.exe" "$s")")
    fi
  done
  if [ -n "$wine" ] && [ -n "$wineserver" ]; then
    "$wineserver" -p 2>/dev/null || true  # keep it running
    "$wine" "$work/hello.exe" >/dev/null 2>&1 || true
    for ((i = 0; i < runs; i++)); do tw+=("$(time_one /dev/null "$wine" "$work/$p.exe" "$s")"); done
    "$wineserver" -k 2>/dev/null || true
  fi
  mp=$(printf '%s\n' "${tp[@]}" | median)
  me=$(printf '%s\n' "${te[@]}" | median)
  mc=$( [ ${#tc[@]} -eq 0 ] || printf '%s\n' "${tc[@]}" | median)
  mw=$( [ ${#tw[@]} -eq 0 ] || printf '%s\n' "${tw[@]}" | median)
  mn=$(printf '%s\n' "${tn[@]}" | median)
  printf '%-17s %10s %10s %12s %12s %10s %14s %14s\n' "$p" "$mp" "$me" "${mc:--}" "${mw:--}" "$mn" "$(ratio "$mp" "$mw")" "$(ratio "$mp" "$mn")"
done
echo "(wall time, median of $runs runs, polyrun and native alternating; polyrun: x64 code on the host CPU,"
echo " emulated: --cpu emulate; polyrun/wine against a running wineserver)"
