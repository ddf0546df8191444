#!/usr/bin/env bash
# The headless display: gdi32_paint.exe (a 320 x 240 window, CreateWindow's size) run with
# --screenshot writes window-HANDLE.png of that size and screen.png of the screen's (1024 x 768),
# with the program's own output and status; --headless alone runs it with none; with neither and
# no DISPLAY, the program stops with one line saying there is no display (status 1).
#   screenshot.sh POLYRUN GDI_PAINT_EXE
set -uo pipefail
polyrun=$1 exe=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "screenshot: $*" >&2; failed=1; }
# The width and height a PNG's IHDR says.
size() { python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"; }

env -u DISPLAY "$polyrun" --screenshot "$work/shots" "$exe" > "$work/out" 2>&1 || fail "--screenshot: status $?"
grep -q '^painted' "$work/out" || fail "--screenshot: the program did not paint: $(cat "$work/out")"
windows=("$work"/shots/window-*.png)
[ ${#windows[@]} = 1 ] && [ -f "${windows[0]}" ] || fail "--screenshot: not one window-*.png: ${windows[*]}"
[ -f "${windows[0]}" ] && [ "$(size "${windows[0]}")" = 320x240 ] || fail "--screenshot: the window's picture is not 320x240"
[ -f "$work/shots/screen.png" ] && [ "$(size "$work/shots/screen.png")" = 1024x768 ] || fail "--screenshot: no 1024x768 screen.png"

env -u DISPLAY "$polyrun" --headless "$exe" > "$work/out" 2>&1 || fail "--headless: status $?"
grep -q '^painted' "$work/out" || fail "--headless: the program did not paint"

env -u DISPLAY "$polyrun" "$exe" > "$work/out" 2>&1
status=$?
[ "$status" = 1 ] || fail "no display: status $status, not 1"
[ "$(grep -c 'polyrun: the program shows a window, but there is no display' "$work/out")" = 1 ] ||
  fail "no display: not the one line: $(cat "$work/out")"
[ "$failed" = 0 ] && echo "screenshot: the pictures, --headless and the missing display as expected"
exit "$failed"
