#!/usr/bin/env bash
# Runs a Windows sample RUNS times in a row under polyrun and wants its exact expected output and
# status 0 every time (kernel32_threads_sync: each atomic primitive under parallel threads with
# exact counts); stops at the first run that differs and shows it, and tells every 50 runs how far
# it is.
#   stress.sh POLYRUN PROGRAM.exe EXPECTED.stdout RUNS [POLYRUN OPTIONS...]
# With a ThreadSanitizer build (build-tsan/polyrun): TSAN_OPTIONS="halt_on_error=1 exitcode=66
# die_after_fork=0 atexit_sleep_ms=0" (a report ends the run with 66; without the last one each
# run sleeps a second at its exit). A run on the engine keeps about one core busy: two loops of
# half the runs each use both cores of a 2-core machine.
set -uo pipefail
polyrun=$1 program=$2 expected=$3 runs=$4
shift 4
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
for ((i = 1; i <= runs; i++)); do
  "$polyrun" "$@" "$program" > "$out" 2>&1
  status=$?
  if [ "$status" != 0 ] || ! cmp -s "$out" "$expected"; then
    echo "stress: run $i of $runs: status $status, output:" >&2
    diff "$expected" "$out" | head -20 >&2
    exit 1
  fi
  ((i % 50)) || echo "stress: $i of $runs runs passed ($(($(date +%s) - start)) s)" >&2
done
echo "stress: $(basename "$program") ${*:+($*) }passed $runs runs in a row in $(($(date +%s) - start)) s"
