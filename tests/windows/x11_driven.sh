#!/usr/bin/env bash
# Input from an X server reaches a Windows program as Windows' messages: x11_input.exe shows a
# pop-up window on an Xvfb of its own, xdotool moves, clicks (a double click, the right button),
# turns the wheel and types (with Shift, an arrow, Enter), and the messages the program prints are
# compared with what wine 8.0 prints for the same input on the same server (the live reference),
# or with the stored expectation wine gave (samples/windows/expected/x11_input.stdout) where wine
# cannot run the program (WINE_PREFIX "-": i686 programs on a 64-bit-only wine). Skips (77) without
# Xvfb or xdotool, unless CI=true: then it fails.
#   x11_input.sh POLYRUN SAMPLE_EXE EXPECTED WINE_PREFIX|- [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2 expected=$3 prefix=$4
shift 4
need() {
  command -v "$1" >/dev/null && return 0
  if [ "${CI:-}" = true ]; then echo "x11_input: $1 is missing (setup.sh --all installs it)" >&2; exit 1; fi
  echo "x11_input: no $1: skipped" >&2
  exit 77
}
need Xvfb
need xdotool
work=$(mktemp -d)
xvfb_pid=
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# An Xvfb of its own: -displayfd tells its number once it listens.
Xvfb -displayfd 1 -screen 0 1024x768x24 -nolisten tcp > "$work/display" 2>/dev/null &
xvfb_pid=$!
for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
display=":$(head -1 "$work/display")"
[ "$display" = ":" ] && { echo "x11_input: Xvfb did not start" >&2; exit 1; }

# drive: what the test does once the window shows (the pointer inside it gives it the keyboard:
# no window manager, the focus follows the pointer).
drive() {
  for _ in $(seq 100); do DISPLAY=$display xdotool search --name '^x11_input$' >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 0.5
  export DISPLAY=$display
  xdotool mousemove 150 150 click 1; sleep 0.2
  xdotool mousemove 200 160 click 3; sleep 0.2
  xdotool mousemove 120 130 click --repeat 2 --delay 80 1; sleep 0.2
  xdotool click 4; sleep 0.2
  xdotool type --delay 50 'aB1!'
  xdotool key Left Return; sleep 0.2
  xdotool type q
}
run() {  # OUTPUT COMMAND...
  local out=$1
  shift
  drive &
  local driver=$!
  DISPLAY=$display timeout 30 "$@" < /dev/null 2>/dev/null | tr -d '\r' > "$out"
  wait "$driver"
}

run "$work/polyrun" "$polyrun" "$@" "$exe"
wine=/usr/lib/wine/wine64
if [ "$prefix" != - ] && [ -x "$wine" ]; then
  mkdir -p "$prefix"
  run "$work/reference" env WINEPREFIX="$prefix" WINEDEBUG=-all "$wine" "$exe"
  WINEPREFIX="$prefix" /usr/lib/wine/wineserver -k 2>/dev/null
  reference="wine 8.0"
else
  if [ "$prefix" != - ] && [ "${CI:-}" = true ]; then
    echo "x11_input: wine is missing (setup.sh --all installs it)" >&2
    exit 1
  fi
  tr -d '\r' < "$expected" > "$work/reference"
  reference="the stored expectation"
fi
# (Both must have run the program to its end: two empty outputs are no test.)
if ! grep -qx done "$work/reference"; then
  echo "x11_input: $reference did not run the program to its end:" >&2
  cat "$work/reference" >&2
  exit 1
fi
if ! diff "$work/reference" "$work/polyrun" >&2; then
  echo "x11_input: the messages differ from $reference's (above: < $reference, > polyrun)" >&2
  exit 1
fi
echo "x11_input: $(grep -c . "$work/polyrun") lines of messages, as $reference prints them"
