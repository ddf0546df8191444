#!/usr/bin/env bash
# Real Windows programs under polyrun against the Linux builds of the same versions, run natively
# (the reference), alternating, several runs each: tsgo (TypeScript's compiler in Go) checking and
# emitting 400 modules, and Biome (Rust) checking 300 files — the workloads of
# tests/real-windows/tsgo-session.sh and biome-session.sh. Prints median wall times and the ratio
# polyrun/native (with --emulate also polyrun --cpu emulate).
#   bench/windows_real.sh [--runs N] [--polyrun PATH] [--work DIR] [--emulate] [PROGRAM...]
#     PROGRAM  tsgo biome (default: both)
# The packages come from the npm registry (tests/real-windows/fetch-npm.sh, cached).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
runs=5 polyrun=build/polyrun work=build/bench-windows-real emulate=0
programs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --polyrun) polyrun="$2"; shift ;;
    --work) work="$2"; shift ;;
    --emulate) emulate=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) programs+=("$1") ;;
  esac
  shift
done
[ ${#programs[@]} -gt 0 ] || programs=(tsgo biome)
[ -x "$polyrun" ] || { echo "bench: $polyrun not found: build it first (./setup.sh)" >&2; exit 1; }
polyrun=$(realpath "$polyrun")
fetch=tests/real-windows/fetch-npm.sh
rm -rf "$work"
mkdir -p "$work"
work=$(realpath "$work")

# The packages (names, versions and sha512s as the session scripts have them).
tsgo_version=7.0.0-dev.20260707.2
tsgo_win=$($fetch @typescript/native-preview-win32-x64 $tsgo_version 0cbe2edbbb2dbf47e8ef5b1584ecc74b013e60c66c6c18a3548fa483974b0cb8a5487efd5854c9f11490e3abc9ac232df868e5bff24e64fd4fb8b2437e2a1879)/lib/tsgo.exe
tsgo_linux=$($fetch @typescript/native-preview-linux-x64 $tsgo_version 76ed1dce2eb2f7b3e8e6f0cd74f253cb28a31c2a5a4b6d892d19ca64425704368ef60088ca63afff9410a24151b8e9509b46d69778bd3c5e0e55d18feae00e40)/lib/tsgo
biome_win=$($fetch @biomejs/cli-win32-x64 2.6.8 703e87bc673365488062c63cb364f1c578f600717311d3289af5497c48f33a304ce399c6a880df0696edbf0190cc308df17db228a93dbb58e70d98ac4f69f122)/biome.exe
biome_linux=$($fetch @biomejs/cli-linux-x64 2.6.8 5c8937a4b413e7a23a4ed8bebb40c5f05b523578c23133dbc554f37c9f5c4b6b7522654abeba95e5be761ae11a260ebfc2e897bf3d2c8df6f9b1a0784cf463cc)/biome
chmod +x "$tsgo_linux" "$biome_linux"

# The workloads: 400 TypeScript modules in a chain of imports; 300 JavaScript files.
source tests/real-windows/workloads.sh
mkdir -p "$work/ts"
printf '{ "compilerOptions": { "strict": true, "outDir": "out", "rootDir": "src", "declaration": true } }\n' > "$work/ts/tsconfig.json"
ts_module_chain "$work/ts/src" 400
js_modules "$work/js" 300

# name: the command after the program (run in the workload's directory).
declare -A dir args
dir[tsgo]=$work/ts args[tsgo]="-p ."
dir[biome]=$work/js args[biome]="check . --max-diagnostics=0"

declare -A exe_win=([tsgo]=$tsgo_win [biome]=$biome_win) exe_linux=([tsgo]=$tsgo_linux [biome]=$biome_linux)
printf '%-8s %10s %10s %8s' program native polyrun ratio
[ "$emulate" = 1 ] && printf ' %10s %8s' engine ratio
printf '\n'
for p in "${programs[@]}"; do
  cd "${dir[$p]}"
  declare -a tn=() tp=() te=()
  for _ in $(seq 1 "$runs"); do
    rm -rf out
    # shellcheck disable=SC2086
    tn+=("$(time_one "$work/native.out" "${exe_linux[$p]}" ${args[$p]})")
    rm -rf out
    # shellcheck disable=SC2086
    tp+=("$(time_one "$work/polyrun.out" "$polyrun" "${exe_win[$p]}" ${args[$p]})")
    if [ "$emulate" = 1 ]; then
      rm -rf out
      # shellcheck disable=SC2086
      te+=("$(time_one "$work/engine.out" "$polyrun" --cpu emulate "${exe_win[$p]}" ${args[$p]})")
    fi
  done
  # (the same output but for the OS's path separator)
  if ! diff -q <(tr '\\' / < "$work/native.out") <(tr '\\' / < "$work/polyrun.out") > /dev/null; then
    echo "bench: $p printed differently under polyrun:" >&2
    diff <(tr '\\' / < "$work/native.out") <(tr '\\' / < "$work/polyrun.out") | head -5 >&2
  fi
  mn=$(printf '%s\n' "${tn[@]}" | median) mp=$(printf '%s\n' "${tp[@]}" | median)
  printf '%-8s %10s %10s %8s' "$p" "$mn" "$mp" "$(awk -v a="$mp" -v b="$mn" 'BEGIN { printf "%.2f", a / b }')"
  if [ "$emulate" = 1 ]; then
    me=$(printf '%s\n' "${te[@]}" | median)
    printf ' %10s %8s' "$me" "$(awk -v a="$me" -v b="$mn" 'BEGIN { printf "%.2f", a / b }')"
  fi
  printf '\n'
  cd - > /dev/null
done
