#!/usr/bin/env bash
# A window's picture against wine 8.0's: gdi32_paint.exe run with --headless --screenshot, its
# window's client area (at 4, 23 in the 320 x 240 window: wine's frame metrics, which polyrun's
# are) compared with shims/gdi32/tests/expected/images/gdi32_paint.client.png — the client area of
# the same painting under wine 8.0 on an Xvfb (the sample built with its close timer held at 4 s,
# captured with xwd). Text is drawn in other fonts (wine's Tahoma, fontconfig's face here), so up
# to 3 % of the pixels may differ (1.2 % do when this was written); shapes, lines and colours
# must be wine's.
#   screenshot_compare.sh POLYRUN GDI_PAINT_EXE [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
env -u DISPLAY "$polyrun" "$@" --headless --screenshot "$work/shots" "$exe" > /dev/null 2>&1 ||
  { echo "screenshot_compare: gdi32_paint.exe failed" >&2; exit 1; }
picture=$(ls "$work"/shots/window-*.png 2>/dev/null | head -1)
[ -n "$picture" ] || { echo "screenshot_compare: no picture of the window" >&2; exit 1; }
python3 "$here/tools/png_compare.py" "$picture" \
  "$here/../../shims/gdi32/tests/expected/images/gdi32_paint.client.png" 4 23 3
