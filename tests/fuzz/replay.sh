#!/usr/bin/env bash
# Runs a fuzz target's replay program on its committed inputs, then on each sample directory that
# exists (the samples a build made; a build without them replays the committed inputs alone,
# except under CI=true, where a missing directory fails).
#   replay.sh PROGRAM INPUT... -- [SAMPLE_DIR...]
set -euo pipefail
program=$1
shift
inputs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do inputs+=("$1"); shift; done
[ $# -gt 0 ] && shift
for d in "$@"; do
  if [ -d "$d" ]; then inputs+=("$d")
  elif [ "${CI:-}" = true ]; then echo "replay: $d is missing (the samples are built with -DPOLYRUN_SAMPLES=all)" >&2; exit 1
  fi
done
exec "$program" "${inputs[@]}"
