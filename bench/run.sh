#!/usr/bin/env bash
# Runs each CPU benchmark under polyrun, qemu-aarch64 and natively (the x86-64 build of the same
# source), several runs each, checks that all three print the same checksum, and prints median
# times with the ratios polyrun/qemu and polyrun/native.
#
#   bench/run.sh [--runs N] [--polyrun PATH] [--work DIR] [--cpu] [PROGRAM...]
#     --runs N     runs per runner and program (default 5)
#     --polyrun    the polyrun binary (default build/polyrun)
#     --work DIR   where the benchmark binaries are built (default build/bench)
#     --cpu        compare user+sys CPU time instead of wall time
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
polyrun=build/polyrun
work=build/bench
metric=wall
programs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --polyrun) polyrun="$2"; shift ;;
    --work) work="$2"; shift ;;
    --cpu) metric=cpu ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) programs+=("$1") ;;
  esac
  shift
done
[ ${#programs[@]} -gt 0 ] || programs=(intmix interp libc_heavy syscalls)

# Scale arguments: about one second each under qemu-aarch64 on the reference machine.
declare -A scale=([intmix]=10 [interp]=4 [libc_heavy]=3 [syscalls]=2)

command -v aarch64-linux-gnu-gcc >/dev/null || { echo "bench: aarch64-linux-gnu-gcc is missing (./setup.sh installs it)" >&2; exit 1; }
qemu=$(command -v qemu-aarch64 || true)
[ -x "$polyrun" ] || { echo "bench: $polyrun not found: build it first (./setup.sh)" >&2; exit 1; }
[ -n "$qemu" ] || echo "bench: qemu-aarch64 not installed: its column is left empty" >&2

mkdir -p "$work"
for p in "${programs[@]}"; do
  aarch64-linux-gnu-gcc -O2 -static -o "$work/$p.aarch64" "bench/programs/$p.c"
  cc -O2 -o "$work/$p.native" "bench/programs/$p.c"
done

# time_one OUTFILE CMD... : prints the chosen time of one run in seconds.
time_one() {
  local out="$1"; shift
  local TIMEFORMAT='%R %U %S' t
  t=$( { time "$@" >"$out" 2>/dev/null; } 2>&1 )
  if [ "$metric" = cpu ]; then
    awk '{ printf "%.3f\n", $2 + $3 }' <<<"$t"
  else
    awk '{ printf "%.3f\n", $1 }' <<<"$t"
  fi
}

source bench/common.sh

status=0
printf '%-12s %10s %10s %10s %14s %16s\n' program "polyrun s" "qemu s" "native s" "polyrun/qemu" "polyrun/native"
for p in "${programs[@]}"; do
  s=${scale[$p]:-1}
  declare -a tp=() tq=() tn=()
  for ((i = 0; i < runs; i++)); do
    tp+=("$(time_one "$work/$p.out.polyrun" "$polyrun" "$work/$p.aarch64" "$s")")
    [ -z "$qemu" ] || tq+=("$(time_one "$work/$p.out.qemu" "$qemu" "$work/$p.aarch64" "$s")")
    tn+=("$(time_one "$work/$p.out.native" "$work/$p.native" "$s")")
  done
  for r in polyrun qemu; do
    [ -f "$work/$p.out.$r" ] || continue
    if ! cmp -s "$work/$p.out.$r" "$work/$p.out.native"; then
      echo "bench: $p: $r printed '$(cat "$work/$p.out.$r")', native '$(cat "$work/$p.out.native")'" >&2
      status=1
    fi
  done
  mp=$(printf '%s\n' "${tp[@]}" | median)
  mq=$( [ ${#tq[@]} -eq 0 ] || printf '%s\n' "${tq[@]}" | median)
  mn=$(printf '%s\n' "${tn[@]}" | median)
  rq=$( [ -z "$mq" ] || awk -v a="$mp" -v b="$mq" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
  rn=$(awk -v a="$mp" -v b="$mn" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
  printf '%-12s %10s %10s %10s %14s %16s\n' "$p" "$mp" "${mq:--}" "$mn" "${rq:--}" "$rn"
  unset tp tq tn
done
echo "(${metric} time, median of $runs runs)"
exit $status
