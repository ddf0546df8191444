#!/usr/bin/env bash
# CTest entry: SVE and SVE2 instructions, one at a time, under polyrun and under qemu-aarch64
# (samples/src/sve_diff.c): random words of SVE's encoding space, each run from register state
# made from the seed, must give qemu's line — the same registers and memory after it, or the
# same SIGILL, or the same fault at the same address. The reference is Debian 12's qemu-aarch64
# (7.2), whose `max` CPU has the level polyrun runs: SVE2 with its AES, PMULL, bit-permute, SHA-3
# and SM4 extensions, and the int8 and bfloat16 matrix and dot products. (Forky's 11.1 gives the
# same results for these words but runs SVE2.1's as well, and reports the address of a faulting
# element rounded down to 8 bytes.)
#   check.sh POLYRUN SVE_DIFF [COUNT [SEED...]]
#   POLYRUN_SVE_RANGE="MASK VALUE": only words w with (w & MASK) == VALUE (hex)
set -uo pipefail
polyrun=$1 probe=$2 count=${3:-20000}
shift $(( $# < 3 ? $# : 3 ))
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3)
[ -x "$probe" ] || { echo "check: no $probe (aarch64-linux-gnu-gcc is not installed)" >&2; exit 77; }
if ! qemu=$(command -v qemu-aarch64); then
  echo "check: qemu-aarch64 is not installed: no reference" >&2
  [ "${CI:-}" = true ] && exit 1
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
  ran=$(grep -vcE ' (ill|sme)$' "$work/qemu")
  bad=$(diff "$work/qemu" "$work/polyrun" | grep -c '^<')
  echo "seed $seed: $total words, $ran defined under qemu, $bad differ (polyrun exit $status)"
  if [ "$bad" != 0 ] || [ $status != 0 ]; then
    failed=1
    paste "$work/qemu" "$work/polyrun" | awk -F'\t' '$1 != $2 { print "  qemu: " $1 "   polyrun: " $2 }' | head -n 40
  fi
done
exit $failed
