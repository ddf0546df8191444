#!/usr/bin/env bash
# Runs the Windows API fuzzer (shims/core/tests/api_fuzz.c) under polyrun: CHILDREN child
# processes of CALLS random calls each into KERNEL32, msvcrt, ucrtbase, ADVAPI32 and WS2_32, from a
# seed drawn anew each run (printed; POLYRUN_FUZZ_SEED=N repeats a run, and
# `polyrun PROGRAM NAMES SEED CHILDREN CALLS CHILD v` one child with each call printed). Fails when
# polyrun reports an internal error or a sanitizer finding, or the fuzzer itself does not finish.
#   api_fuzz.sh POLYRUN PROGRAM NAMES [CHILDREN CALLS [POLYRUN OPTIONS...]]
set -uo pipefail
args=("$@")
polyrun=$(realpath "$1") program=$(realpath "$2") names=$(realpath "$3") children=${4:-30} calls=${5:-200}
shift $(( $# < 5 ? $# : 5 ))
seed=${POLYRUN_FUZZ_SEED:-$(( $(date +%s%N) % 1000000000000 ))}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
HOME=$scratch timeout 900 "$polyrun" "$@" "$program" "$names" "$seed" "$children" "$calls" < /dev/null > out 2> err
status=$?
problems=$(grep -a -E 'polyrun: internal error|ERROR: (Address|Thread|Memory|UndefinedBehavior)Sanitizer|runtime error:|WARNING: ThreadSanitizer' err | sort | uniq -c | head -20)
grep -a '^api_fuzz:' out
if [ "$status" != 0 ] || [ -n "$problems" ] || ! grep -aq '^api_fuzz: seed' out; then
  echo "api_fuzz.sh: $(basename "$program") $* seed $seed: exit status $status" >&2
  [ -n "$problems" ] && echo "$problems" >&2
  echo "repeat with: POLYRUN_FUZZ_SEED=$seed $0 ${args[*]}" >&2
  exit 1
fi
