#!/usr/bin/env bash
# Real Windows programs under polyrun against the Linux builds of the same versions, run natively
# (the reference), alternating, several runs each: tsgo (TypeScript's compiler in Go) checking and
# emitting 400 modules, and Biome (Rust) checking 300 files — the workloads of
# tests/real-windows/tsgo-session.sh and biome-session.sh —, and Dart Sass (the Dart VM's JIT)
# compiling a stylesheet of 300 rules, x64 (sass) and i686 on the CPU engine (sass-ia32). Prints
# median wall times and the ratio polyrun/native (with --emulate also polyrun --cpu emulate).
#   bench/windows_real.sh [--runs N] [--polyrun PATH] [--work DIR] [--emulate] [PROGRAM...]
#     PROGRAM  tsgo biome sass sass-ia32 (default: all)
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
[ ${#programs[@]} -gt 0 ] || programs=(tsgo biome sass sass-ia32)
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
sass_win=$($fetch sass-embedded-win32-x64 1.89.0 01a1a9af947a30b0ae4af92f0dd46ae3d79b89fc0b72e18f934ff5d216d8c3d9e1de3a72dbf0b2958b9b429229478c8f72e0f5c05c05aae7d35c2dc725819bd2)/dart-sass/src
sass_ia32=$($fetch sass-embedded-win32-ia32 1.89.0 7857bd54c346fbdd27ba81377970f2fb7f3eb841c67fbc5ca9a96ae7ed0f5597d1f87f5195a11bbc850d7e5655f78f8b387f096f896b7ee7a48478160c92df4a)/dart-sass/src
sass_linux=$($fetch sass-embedded-linux-x64 1.89.0 7510683853c359cb473d82b7853937633c97fe2715ad78b0ee83a36eda5a0ebe89a28a885817b5e85b25916caf4337667ce172f34ada2958e0a2a4fb0ecce791)/dart-sass/src
chmod +x "$tsgo_linux" "$biome_linux" "$sass_linux/dart"

# The workloads: 400 TypeScript modules in a chain of imports; 300 JavaScript files.
source tests/real-windows/workloads.sh
mkdir -p "$work/ts"
printf '{ "compilerOptions": { "strict": true, "outDir": "out", "rootDir": "src", "declaration": true } }\n' > "$work/ts/tsconfig.json"
ts_module_chain "$work/ts/src" 400
js_modules "$work/js" 300
mkdir -p "$work/scss"
{
  echo '@use "sass:math";'
  echo '@mixin box($w) { width: $w; padding: math.div($w, 10); border-radius: 2px; }'
  for i in $(seq 1 300); do
    echo ".c$i { @include box(${i}px); color: mix(#336699, white, $((i % 100))%); &:hover { color: darken(#336699, $((i % 30))%); } }"
  done
} > "$work/scss/main.scss"

# name: the command after the program (run in the workload's directory); args_win, where the
# Windows build's differs (Dart's snapshot is a file of its package).
declare -A dir args args_win
dir[tsgo]=$work/ts args[tsgo]="-p ."
dir[biome]=$work/js args[biome]="check . --max-diagnostics=0"
dir[sass]=$work/scss args[sass]="$sass_linux/sass.snapshot --quiet main.scss" args_win[sass]="$sass_win/sass.snapshot --quiet main.scss"
dir[sass-ia32]=$work/scss args[sass-ia32]=${args[sass]} args_win[sass-ia32]="$sass_ia32/sass.snapshot --quiet main.scss"

declare -A exe_win=([tsgo]=$tsgo_win [biome]=$biome_win [sass]=$sass_win/dart.exe [sass-ia32]=$sass_ia32/dart.exe)
declare -A exe_linux=([tsgo]=$tsgo_linux [biome]=$biome_linux [sass]=$sass_linux/dart [sass-ia32]=$sass_linux/dart)
printf '%-9s %10s %10s %8s' program native polyrun ratio
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
    tp+=("$(time_one "$work/polyrun.out" "$polyrun" "${exe_win[$p]}" ${args_win[$p]:-${args[$p]}})")
    if [ "$emulate" = 1 ] && [ "$p" != sass-ia32 ]; then
      rm -rf out
      # shellcheck disable=SC2086
      te+=("$(time_one "$work/engine.out" "$polyrun" --cpu emulate "${exe_win[$p]}" ${args_win[$p]:-${args[$p]}})")
    fi
  done
  # (the same output but for the OS's path separator)
  if ! diff -q <(tr '\\' / < "$work/native.out") <(tr '\\' / < "$work/polyrun.out") > /dev/null; then
    echo "bench: $p printed differently under polyrun:" >&2
    diff <(tr '\\' / < "$work/native.out") <(tr '\\' / < "$work/polyrun.out") | head -5 >&2
  fi
  mn=$(printf '%s\n' "${tn[@]}" | median) mp=$(printf '%s\n' "${tp[@]}" | median)
  printf '%-9s %10s %10s %8s' "$p" "$mn" "$mp" "$(awk -v a="$mp" -v b="$mn" 'BEGIN { printf "%.2f", a / b }')"
  if [ "$emulate" = 1 ] && [ "$p" != sass-ia32 ]; then
    me=$(printf '%s\n' "${te[@]}" | median)
    printf ' %10s %8s' "$me" "$(awk -v a="$me" -v b="$mn" 'BEGIN { printf "%.2f", a / b }')"
  fi
  printf '\n'
  cd - > /dev/null
done
