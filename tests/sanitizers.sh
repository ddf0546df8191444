#!/usr/bin/env bash
# The sanitizer and fuzzing stages, on demand (they left .ci/run on 2026-11-30: on the machine kind
# polyrun is developed on, which compiles some 2.5 times slower than it did, they took more than an
# hour after the Release stage, and CI has 60 minutes; bench/README.md has the times). Run after
# ./run-tests.sh, whose samples they share (build/samples):
#   1. the test suite again in the Debug build under AddressSanitizer and UBSan (build-debug/);
#   2. the guest-thread tests under ThreadSanitizer (build-tsan/);
#   3. every libFuzzer target for a bounded time (tests/fuzz/run.sh, build-fuzz/).
#   tests/sanitizers.sh [--seconds N]   (N: each fuzz target's time, default 8)
# A session that changes the syscall layer's threads and signals, a DLL's memory handling or a
# parser runs it before it ends; it prints each stage's wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=8
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift ;;
    *) echo "sanitizers.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
times=()
stage() {
  local label=$1 start=$SECONDS
  shift
  "$@"
  times+=("$label $((SECONDS - start)) s")
}
list_skipped() {
  for b in build-debug build-tsan; do
    [ -s "$b/skipped.txt" ] && { echo "skipped in $b:"; sed 's/^/  /' "$b/skipped.txt"; }
  done
  [ ${#times[@]} -gt 0 ] && printf 'sanitizers.sh: %s\n' "${times[@]}"
  return 0
}
trap list_skipped EXIT
stage "AddressSanitizer and UBSan" ./run-tests.sh --debug --no-install
stage "ThreadSanitizer" ./run-tests.sh --tsan --no-install
stage "fuzzing" tests/fuzz/run.sh --seconds "$seconds"
