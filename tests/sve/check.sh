#!/usr/bin/env bash
# CTest entry: SVE and SVE2 instructions, one at a time, under polyrun and under qemu-aarch64
# (samples/src/sve_diff.c): random words of SVE's encoding space, each run from register state
# made from the seed, must give qemu's line — the same registers and memory after it, or the
# same SIGILL, or the same fault. The reference is the newest qemu there is: forky's 11.1
# (.deps/qemu-new, tests/cpu-features/fetch-qemu.sh; POLYRUN_QEMU_NEW: another directory),
# else Debian 12's 7.2.
#   check.sh POLYRUN SVE_DIFF [COUNT [SEED...]]
#   POLYRUN_SVE_RANGE="MASK VALUE": only words w with (w & MASK) == VALUE (hex)
set -uo pipefail
polyrun=$1 probe=$2 count=${3:-20000}
shift $(( $# < 3 ? $# : 3 ))
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
[ -x "$probe" ] || { echo "check: no $probe (aarch64-linux-gnu-gcc is not installed)" >&2; exit 77; }

new=${POLYRUN_QEMU_NEW:-$(cd "$(dirname "$0")/../.." && pwd)/.deps/qemu-new}
if [ -x "$new/qemu-aarch64" ]; then
  qemu=$new/qemu-aarch64
elif [ "${CI:-}" = true ]; then
  echo "check: no newer qemu at $new (setup.sh --all runs tests/cpu-features/fetch-qemu.sh)" >&2
  exit 1
elif q=$(command -v qemu-aarch64); then
  qemu=$q
else
  echo "check: qemu-aarch64 is not installed: no reference" >&2
  exit 77
fi
echo "reference: $qemu ($("$qemu" --version | head -n1))"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
range=()
[ -n "${POLYRUN_SVE_RANGE:-}" ] && read -ra range <<<"$POLYRUN_SVE_RANGE"
failed=0
for seed in "${seeds[@]}"; do
  "$qemu" "$probe" random "$seed" "$count" "${range[@]}" > "$work/qemu" 2>&1
  "$polyrun" "$probe" random "$seed" "$count" "${range[@]}" > "$work/polyrun" 2>&1
  status=$?
  total=$(grep -c . "$work/qemu")
  ran=$(grep -vc ' ill$' "$work/qemu")
  bad=$(diff "$work/qemu" "$work/polyrun" | grep -c '^<')
  echo "seed $seed: $total words, $ran defined under qemu, $bad differ (polyrun exit $status)"
  if [ "$bad" != 0 ] || [ $status != 0 ]; then
    failed=1
    paste "$work/qemu" "$work/polyrun" | awk -F'\t' '$1 != $2 { print "  qemu: " $1 "   polyrun: " $2 }' | head -n 40
  fi
done
exit $failed
