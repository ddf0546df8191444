#!/usr/bin/env bash
# Runs the guest-side system call fuzzer (samples/src/syscall_fuzz.c) under polyrun: CHILDREN
# forked children of CALLS random calls each, from a seed drawn anew each run (printed;
# POLYRUN_FUZZ_SEED=N repeats a run, and `polyrun PROGRAM SEED CHILDREN CALLS CHILD` one child with
# each call printed). Fails when polyrun reports an internal error or a sanitizer finding, dies
# itself, does not finish in time, or the guest's parent finds its descriptors changed.
#   syscall_fuzz.sh POLYRUN PROGRAM [CHILDREN CALLS]
set -uo pipefail
polyrun=$(realpath "$1") program=$(realpath "$2") children=${3:-40} calls=${4:-100}
seed=${POLYRUN_FUZZ_SEED:-$(( $(date +%s%N) % 1000000000000 ))}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
chmod 777 "$scratch"  # the fuzzer runs its calls as nobody, in this directory
cd "$scratch"
timeout 900 "$polyrun" "$program" "$seed" "$children" "$calls" < /dev/null > out 2> err
status=$?
problems=$(grep -a -E 'polyrun: internal error|ERROR: (Address|Thread|Memory|UndefinedBehavior)Sanitizer|runtime error:|WARNING: ThreadSanitizer' err | sort | uniq -c | head -20)
cat out
if [ "$status" != 0 ] || [ -n "$problems" ]; then
  echo "syscall_fuzz.sh: $(basename "$program") seed $seed: exit status $status" >&2
  [ -n "$problems" ] && echo "$problems" >&2
  echo "repeat with: POLYRUN_FUZZ_SEED=$seed $0 $*" >&2
  exit 1
fi
echo "syscall_fuzz.sh: seed $seed: polyrun answered ENOSYS to $(grep -a -o 'unimplemented syscall [a-z0-9_]*' err | sort -u | wc -l) system calls it does not implement"
