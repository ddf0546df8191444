#!/usr/bin/env bash
# A screenshot sample's window (shims/DLL/tests/DLL_shot_*.c, which print the rectangle to compare;
# shims/user32/tests/shot_hold.h) against wine 8.0's picture of the same program,
# shims/DLL/tests/expected/images/NAME.client.png (the README.md there says how each was made and
# why its tolerance is what it is): with X11, the program is run with "hold" on an Xvfb of the
# test's own, the screen dumped with xwd once it is ready and the rectangle cut out
# (tools/xwd_crop.py); with HEADLESS, it is run with --headless --screenshot and the rectangle is
# taken from its window's picture. tools/png_compare.py compares: at most PERCENT % of the pixels
# may differ, and none in the rectangles given by --strict X,Y,W,H (parts with no text, which must
# be wine's). Skips (77) without Xvfb or xwd, unless CI=true: then it fails.
#   screenshot_samples.sh POLYRUN SAMPLE_EXE REFERENCE.png x11|headless PERCENT [--strict X,Y,W,H]...
#                         [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2 reference=$3 mode=$4 percent=$5
shift 5
strict=()
while [ "${1:-}" = --strict ]; do strict+=(--strict "$2"); shift 2; done
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$exe" .exe)
# shellcheck source=own_xvfb.sh
source "$here/own_xvfb.sh"

# The program's report: "capture X Y W H" and "window X Y W H".
report() { grep "^$1 " "$work/out" | tr -d '\r' | head -1 | cut -d' ' -f2-; }

if [ "$mode" = x11 ]; then
  need Xvfb
  need xwd
  start_own_xvfb
  "$polyrun" "$@" "$exe" hold > "$work/out" 2> "$work/err" &
  pid=$!
  for _ in $(seq 150); do grep -q '^ready' "$work/out" && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if ! grep -q '^ready' "$work/out"; then
    kill "$pid" 2>/dev/null
    echo "$name: the program did not get ready:" >&2
    cat "$work/out" "$work/err" >&2
    exit 1
  fi
  # (The display puts what was drawn on the screen about sixty times a second.)
  sleep 0.5
  xwd -display "$DISPLAY" -root -out "$work/screen.xwd"
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  read -r x y w h <<< "$(report capture)"
  python3 "$here/tools/xwd_crop.py" "$work/screen.xwd" "$work/picture.png" "$x" "$y" "$w" "$h" || exit 1
  ox=0 oy=0
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  env -u DISPLAY "$polyrun" "$@" --headless --screenshot "$work/shots" "$exe" > "$work/out" 2> "$work/err" ||
    { echo "$name: the program failed:" >&2; cat "$work/out" "$work/err" >&2; exit 1; }
  read -r x y w h <<< "$(report capture)"
  read -r wx wy ww wh <<< "$(report window)"
  [ -n "${wh:-}" ] || { echo "$name: no report of the window:" >&2; cat "$work/out" >&2; exit 1; }
  # (The window's picture is the one of its size: a dialog's combo boxes have pictures of their lists.)
  picture=
  for png in "$work"/shots/window-*.png; do
    [ -e "$png" ] || break
    size=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]))' "$png")
    [ "$size" = "$ww $wh" ] && picture=$png
  done
  [ -n "$picture" ] || { echo "$name: no picture of a ${ww}x${wh} window in $(ls "$work/shots")" >&2; exit 1; }
  cp "$picture" "$work/picture.png"
  ox=$((x - wx)) oy=$((y - wy))
fi
echo "$name ($mode): the ${w}x${h} rectangle at $x,$y"
python3 "$here/tools/png_compare.py" "$work/picture.png" "$reference" "$ox" "$oy" "$percent" "${strict[@]}"
status=$?
if [ $status -ne 0 ] && [ -n "${POLYRUN_SHOTS_KEEP:-}" ]; then
  cp "$work/picture.png" "$POLYRUN_SHOTS_KEEP/$name.$mode.png"
fi
exit $status
