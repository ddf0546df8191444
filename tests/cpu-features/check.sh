#!/usr/bin/env bash
# CTest entry: runs a CPU feature probe (samples/src/cpu_features_<isa>.c) under polyrun with each
# of the ISA's CPU models (`polyrun --cpu help`) and under qemu-<isa>, and checks
#   - that under polyrun every feature the CPU advertises runs and every one that runs is
#     advertised (the probe's own "mismatches: none", exit status 0), and
#   - that every probe that runs under both polyrun and qemu gives qemu's digest (the same
#     instructions on the same inputs), qemu being the reference: Debian 12's qemu-<isa> (7.2) and
#     forky's (11.1), which tests/cpu-features/fetch-qemu.sh unpacks into .deps/qemu-new
#     (POLYRUN_QEMU_NEW: another directory of qemu-user commands).
# A probe line: "FEATURE advertised yes|no runs yes|no [digest HEX]".
#   check.sh POLYRUN PROBE QEMU-NAME
set -uo pipefail
polyrun=$1 probe=$2 qemu_name=$3
[ -x "$probe" ] || { echo "check: no probe $probe (its cross compiler is not installed)" >&2; exit 77; }

qemus=()
if q=$(command -v "$qemu_name"); then qemus+=("$q"); fi
new=${POLYRUN_QEMU_NEW:-$(cd "$(dirname "$0")/../.." && pwd)/.deps/qemu-new}
if [ -x "$new/$qemu_name" ]; then
  qemus+=("$new/$qemu_name")
elif [ "${CI:-}" = true ]; then
  echo "check: no newer qemu at $new (setup.sh --all runs tests/cpu-features/fetch-qemu.sh)" >&2
  exit 1
fi
if [ ${#qemus[@]} = 0 ]; then
  echo "check: $qemu_name is not installed: no reference" >&2
  [ "${CI:-}" = true ] && exit 1
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
i=0
for q in "${qemus[@]}"; do
  "$q" "$probe" > "$work/qemu.$i" 2>&1
  echo "reference: $q ($("$q" --version | head -n1))"
  i=$((i + 1))
done

models=$("$polyrun" --cpu help | awk -v isa="$(basename "$probe" | sed 's/^cpu_features_//')" '
  /^[a-z0-9_]+:$/ { cur = substr($1, 1, length($1) - 1); next }
  cur == isa && /^  [^ (]/ { sub(/^  /, ""); sub(/:.*/, ""); print }')
[ -n "$models" ] || models=default
# aarch64's max runs SVE and SVE2 but shows them only with sve=on (docs/cpu-features.md): plain
# max must find exactly those running unadvertised, max,sve=on every feature advertised as it runs.
isa=$(basename "$probe" | sed 's/^cpu_features_//')
[ "$isa" = aarch64 ] && models="$models max,sve=on"

digests() { awk '$4 == "runs" && $5 == "yes" && $6 == "digest" { print $1, $7 }' "$1"; }

for model in $models; do
  args=()
  [ "$model" = default ] || args=(--cpu "$model")
  "$polyrun" "${args[@]}" "$probe" > "$work/polyrun" 2>&1
  status=$?
  echo "== polyrun ${args[*]} (exit $status): $(grep -c ' runs yes' "$work/polyrun") probes run, $(grep -cE ' (advertised|cpuid) yes' "$work/polyrun") features advertised"
  expected='mismatches: none'
  if [ "$isa" = aarch64 ] && [ "$model" = max ]; then
    expected="mismatches:$(awk '$1 ~ /^sve/ { printf " %s", $1 }' "$work/polyrun")"
    if [ "$expected" = "mismatches:" ] || grep -E '^sve' "$work/polyrun" | grep -qv 'advertised no  runs yes'; then
      echo "FAIL: max is to run SVE and SVE2 without advertising them:"
      grep -E '^sve' "$work/polyrun"
      failed=1
    fi
  fi
  if [ $status != 0 ] && [ "$expected" = 'mismatches: none' ] || ! grep -qx "$expected" "$work/polyrun"; then
    echo "FAIL: advertised and run disagree under polyrun ${args[*]}:"
    cat "$work/polyrun"
    failed=1
  fi
  i=0
  for q in "${qemus[@]}"; do
    # Probes run by both: the digests must agree.
    while read -r feature digest; do
      ref=$(digests "$work/qemu.$i" | awk -v f="$feature" '$1 == f { print $2 }')
      [ -z "$ref" ] && continue
      if [ "$ref" != "$digest" ]; then
        echo "FAIL: $feature gives $digest under polyrun ${args[*]}, $ref under $q"
        failed=1
      fi
    done < <(digests "$work/polyrun")
    i=$((i + 1))
  done
done
[ $failed = 0 ] && echo "ok: every model advertises what it runs, and gives qemu's results"
exit $failed
