#!/usr/bin/env bash
# A Windows program driven from an X server: it shows its window on an Xvfb of its own, xdotool
# moves, clicks and types as DRIVE_FILE says (a bash file defining `window_title`, the window to
# wait for, `drive`, run with DISPLAY set once it shows, and optionally `run_seconds`, the time
# one run may take, 30 unless it says, and `tools`, the other programs the drive needs), and what the program prints is
# compared with what wine 8.0 prints for the same input on the same server (the live reference),
# or with the stored expectation wine gave (EXPECTED) where wine cannot run the program
# (WINE_PREFIX "-": i686 programs on a 64-bit-only wine). The program's output must end with a
# line "done". Skips (77) without Xvfb or xdotool, unless CI=true: then it fails. With
# POLYRUN_TEST_REFERENCES=stored (run-tests.sh's sanitizer stages, after the Release stage ran wine
# live) the stored expectation is the reference.
#   x11_driven.sh POLYRUN SAMPLE_EXE EXPECTED WINE_PREFIX|- DRIVE_FILE [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2 expected=$3 prefix=$4 drive_file=$5
shift 5
name=$(basename "$drive_file" .drive)
# shellcheck source=/dev/null
source "$drive_file"
# shellcheck source=own_xvfb.sh
source "$(dirname "$0")/own_xvfb.sh"
need Xvfb
need xdotool
for tool in ${tools:-}; do need "$tool"; done
start_own_xvfb
display=$DISPLAY

# The drive file's input, once the window shows (no window manager: the keyboard goes to the
# window under the pointer).
wait_and_drive() {
  # (Up to a minute: wine's first run makes its prefix; a loaded machine starts programs slowly.)
  for _ in $(seq 600); do DISPLAY=$display xdotool search --name "^${window_title}\$" >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 1
  export DISPLAY=$display
  drive
}
run() {  # OUTPUT COMMAND...
  local out=$1
  shift
  wait_and_drive &
  local driver=$!
  DISPLAY=$display timeout "${run_seconds:-30}" "$@" < /dev/null 2>/dev/null | tr -d '\r' > "$out"
  wait "$driver"
}

run "$work/polyrun" "$polyrun" "$@" "$exe"
wine=/usr/lib/wine/wine64
[ "${POLYRUN_TEST_REFERENCES:-}" = stored ] && prefix=-
if [ "$prefix" != - ] && [ -x "$wine" ]; then
  mkdir -p "$prefix"
  run "$work/reference" env WINEPREFIX="$prefix" WINEDEBUG=-all "$wine" "$exe"
  WINEPREFIX="$prefix" /usr/lib/wine/wineserver -k 2>/dev/null
  reference="wine 8.0"
else
  if [ "$prefix" != - ] && [ "${CI:-}" = true ]; then
    echo "$name: wine is missing (setup.sh --all installs it)" >&2
    exit 1
  fi
  tr -d '\r' < "$expected" > "$work/reference"
  reference="the stored expectation"
fi
# (Both must have run the program to its end: two empty outputs are no test.)
if ! grep -qx done "$work/reference"; then
  echo "$name: $reference did not run the program to its end:" >&2
  cat "$work/reference" >&2
  exit 1
fi
if ! diff -q "$work/reference" "$work/polyrun" >/dev/null; then
  # Input sent to a loaded machine (tests run two at a time, the engine under ASan) may reach the
  # program before it is ready for it: one more run decides, and both differences are shown.
  diff "$work/reference" "$work/polyrun" >&2
  echo "$name: the output differs from $reference's (above: < $reference, > polyrun); running it once more" >&2
  run "$work/polyrun" "$polyrun" "$@" "$exe"
  if ! diff "$work/reference" "$work/polyrun" >&2; then
    echo "$name: the output differs from $reference's again (above: < $reference, > polyrun)" >&2
    exit 1
  fi
fi
echo "$name: $(grep -c . "$work/polyrun") lines of output, as $reference prints them"
