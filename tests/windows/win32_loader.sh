#!/usr/bin/env bash
# Debian's win32-loader.exe (the win32-loader package: an NSIS program, PE32 on the engine) shows
# its first page on an Xvfb of the test's own — the "Choose language" dialog, found by its title
# with xdotool — and, cancelled with Esc, ends with one of NSIS's documented statuses for it (1:
# cancelled by the user, 2: aborted by the script); --screenshot keeps the page's picture. wine
# 8.0 (64-bit only here) cannot run a PE32 program, so the reference is the page's title and
# NSIS's exit codes. Skips (77) without the program, Xvfb or xdotool, unless CI=true: then fails.
#   win32_loader.sh POLYRUN
set -uo pipefail
polyrun=$1
exe=/usr/share/win32/win32-loader.exe
name=win32_loader
# shellcheck source=own_xvfb.sh
source "$(dirname "$0")/own_xvfb.sh"
if [ ! -f "$exe" ]; then
  [ "${CI:-}" = true ] && { echo "win32_loader: $exe is missing (setup.sh --all installs win32-loader)" >&2; exit 1; }
  echo "win32_loader: no $exe: skipped" >&2
  exit 77
fi
need Xvfb
need xdotool
start_own_xvfb
timeout 60 "$polyrun" --screenshot "$work/shots" "$exe" > "$work/out" 2>&1 &
program=$!
window=
for _ in $(seq 300); do
  window=$(xdotool search --name '^Choose language$' 2>/dev/null | head -1)
  [ -n "$window" ] && break
  sleep 0.1
done
failed=0
if [ -z "$window" ]; then
  echo "win32_loader: no \"Choose language\" window in 30 s: $(cat "$work/out")" >&2
  failed=1
else
  eval "$(xdotool getwindowgeometry --shell "$window")"
  sleep 0.5
  xdotool mousemove $((X + 10)) $((Y + 40)); sleep 0.3
  xdotool key Escape
fi
wait "$program"
status=$?
if [ "$failed" = 0 ]; then
  case "$status" in 1 | 2) ;; *) echo "win32_loader: status $status after Esc, not 1 or 2: $(cat "$work/out")" >&2; failed=1 ;; esac
  ls "$work"/shots/window-*.png > /dev/null 2>&1 || { echo "win32_loader: no picture of the page" >&2; failed=1; }
fi
[ "$failed" = 0 ] && echo "win32_loader: the first page shown, cancelled with Esc (status $status)"
exit "$failed"
