#!/usr/bin/env bash
# Runs each CPU benchmark under polyrun, qemu-<isa> (qemu-aarch64 by default) and natively (the x86-64 build of the same
# source), several runs each, checks that all three print the same checksum, and prints median
# times with the ratios polyrun/qemu and polyrun/native. Then the same for start-up: a dynamically
# linked hello (guest root: the cross sysroot) and Debian's sqlite3 running `select 1` on an
# in-memory database (guest root: tests/real-linux/make-root.sh's, with sqlite3; natively the
# host's sqlite3 if installed), polyrun and qemu on the same root; each time is that
# of one start, the mean of a batch of starts.
#
#   bench/run.sh [--isa ISA] [--runs N] [--polyrun PATH] [--work DIR] [--cpu] [PROGRAM...]
#     --isa ISA    the guest ISA: aarch64 (default), riscv64, arm (armhf), i386 or s390x
#     --runs N     runs per runner and program (default 5)
#     --polyrun    the polyrun binary (default build/polyrun)
#     --work DIR   where the benchmark binaries are built (default build/bench)
#     --cpu        compare user+sys CPU time instead of wall time
#     PROGRAM      intmix intmix_signal interp libc_heavy syscalls threads (CPU), hello_dyn sqlite3 (start-up)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
polyrun=build/polyrun
work=build/bench
metric=wall
isa=aarch64
programs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --isa) isa="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --polyrun) polyrun="$2"; shift ;;
    --work) work="$2"; shift ;;
    --cpu) metric=cpu ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) programs+=("$1") ;;
  esac
  shift
done
# The cross compiler's triple, and Debian's name of the ISA with the suite its packages come from.
root_suites=()
case $isa in
  aarch64) triple=aarch64-linux-gnu debarch=arm64 ;;
  riscv64) triple=riscv64-linux-gnu debarch=riscv64 root_suites=(--suite trixie,forky) ;;
  arm) triple=arm-linux-gnueabihf debarch=armhf ;;
  i386) triple=i686-linux-gnu debarch=i386 ;;
  s390x) triple=s390x-linux-gnu debarch=s390x ;;
  *) echo "bench: unknown ISA $isa (aarch64, riscv64, arm, i386, s390x)" >&2; exit 2 ;;
esac
if [ ${#programs[@]} -eq 0 ]; then
  programs=(intmix intmix_signal interp libc_heavy syscalls threads hello_dyn sqlite3)
fi

# Scale arguments: about one second each under qemu-aarch64 on the reference machine.
declare -A scale=([intmix]=10 [intmix_signal]=10 [interp]=4 [libc_heavy]=3 [syscalls]=2 [threads]=20 [sve_loops]=20)

command -v $triple-gcc >/dev/null || { echo "bench: $triple-gcc is missing (./setup.sh installs it)" >&2; exit 1; }
qemu=$(command -v qemu-$isa || true)
[ -x "$polyrun" ] || { echo "bench: $polyrun not found: build it first (./setup.sh)" >&2; exit 1; }
[ -n "$qemu" ] || echo "bench: qemu-$isa not installed: its column is left empty" >&2

# Start-up entries: the guest program, its arguments, its guest root and the native command.
starts=20  # starts per timed batch
declare -A startup_guest startup_args startup_root startup_native
startup_guest[hello_dyn]=$work/hello_dyn.$isa
startup_root[hello_dyn]=/usr/$triple
startup_native[hello_dyn]=$work/hello_dyn.native
debian_root=${POLYRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/polyrun}/$debarch-root
startup_guest[sqlite3]=$debian_root/usr/bin/sqlite3
startup_args[sqlite3]=":memory:|select 1"
startup_root[sqlite3]=$debian_root
startup_native[sqlite3]=$(command -v sqlite3 || true)

mkdir -p "$work"
selected=()
for p in "${programs[@]}"; do
  case $p in
    hello_dyn)
      $triple-gcc -O2 -o "$work/$p.$isa" samples/src/hello_dyn.c
      cc -O2 -o "$work/$p.native" samples/src/hello_dyn.c ;;
    sqlite3)
      if ! tests/real-linux/make-root.sh --arch "$debarch" "${root_suites[@]}" "$debian_root" sqlite3; then
        echo "bench: cannot assemble Debian's $debarch sqlite3 (no mirror?): sqlite3 is left out" >&2
        continue
      fi ;;
    sve_loops)
      # SVE2, which aarch64 alone has (polyrun executes it itself: cpu-emu/sve/).
      if [ "$isa" != aarch64 ]; then
        echo "bench: sve_loops is aarch64's: left out" >&2
        continue
      fi
      $triple-gcc -O3 -march=armv9-a+sve2 -static -o "$work/$p.$isa" "bench/programs/$p.c"
      cc -O3 -o "$work/$p.native" "bench/programs/$p.c" ;;
    *)
      $triple-gcc -O2 -static -o "$work/$p.$isa" "bench/programs/$p.c"
      cc -O2 -o "$work/$p.native" "bench/programs/$p.c" ;;
  esac
  selected+=("$p")
done
programs=("${selected[@]}")

# time_starts OUTFILE CMD... : prints the chosen time of one start, the mean of a batch of $starts.
time_starts() {
  local out="$1"; shift
  local TIMEFORMAT='%R %U %S' t
  t=$( { time for ((k = 0; k < starts; k++)); do "$@" >"$out" 2>/dev/null; done; } 2>&1 )
  if [ "$metric" = cpu ]; then
    awk -v n="$starts" '{ printf "%.4f\n", ($2 + $3) / n }' <<<"$t"
  else
    awk -v n="$starts" '{ printf "%.4f\n", $1 / n }' <<<"$t"
  fi
}

source bench/common.sh

status=0
printf '%-14s %10s %10s %10s %14s %16s\n' program "polyrun s" "qemu s" "native s" "polyrun/qemu" "polyrun/native"
for p in "${programs[@]}"; do
  s=${scale[$p]:-1}
  declare -a tp=() tq=() tn=()
  rm -f "$work/$p.out".*
  if [ -n "${startup_guest[$p]:-}" ]; then
    IFS='|' read -r -a args <<< "${startup_args[$p]:-}"
    root=${startup_root[$p]} native=${startup_native[$p]}
    for ((i = 0; i < runs; i++)); do
      tp+=("$(time_starts "$work/$p.out.polyrun" "$polyrun" -L "$root" "${startup_guest[$p]}" "${args[@]}")")
      [ -z "$qemu" ] || tq+=("$(time_starts "$work/$p.out.qemu" "$qemu" -L "$root" "${startup_guest[$p]}" "${args[@]}")")
      [ -z "$native" ] || tn+=("$(time_starts "$work/$p.out.native" "$native" "${args[@]}")")
    done
  else
    for ((i = 0; i < runs; i++)); do
      tp+=("$(time_one "$work/$p.out.polyrun" "$polyrun" "$work/$p.$isa" "$s")")
      [ -z "$qemu" ] || tq+=("$(time_one "$work/$p.out.qemu" "$qemu" "$work/$p.$isa" "$s")")
      tn+=("$(time_one "$work/$p.out.native" "$work/$p.native" "$s")")
    done
  fi
  ref=native  # qemu's output is the reference where there is no native run, and for start-ups
  [ -f "$work/$p.out.native" ] || ref=qemu
  [ -z "${startup_guest[$p]:-}" ] || [ -z "$qemu" ] || ref=qemu
  for r in polyrun qemu; do
    [ "$r" != "$ref" ] && [ -f "$work/$p.out.$r" ] && [ -f "$work/$p.out.$ref" ] || continue
    if ! cmp -s "$work/$p.out.$r" "$work/$p.out.$ref"; then
      echo "bench: $p: $r printed '$(cat "$work/$p.out.$r")', $ref '$(cat "$work/$p.out.$ref")'" >&2
      status=1
    fi
  done
  mp=$(printf '%s\n' "${tp[@]}" | median)
  mq=$( [ ${#tq[@]} -eq 0 ] || printf '%s\n' "${tq[@]}" | median)
  mn=$( [ ${#tn[@]} -eq 0 ] || printf '%s\n' "${tn[@]}" | median)
  rq=$( [ -z "$mq" ] || awk -v a="$mp" -v b="$mq" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
  rn=$( [ -z "$mn" ] || awk -v a="$mp" -v b="$mn" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')
  printf '%-14s %10s %10s %10s %14s %16s\n' "$p" "$mp" "${mq:--}" "${mn:--}" "${rq:--}" "${rn:--}"
  unset tp tq tn
done
echo "(${metric} time, median of $runs runs; hello_dyn and sqlite3: one start, from batches of $starts)"
exit $status
