#!/usr/bin/env bash
# A real installer: tests/windows/nsis/classic.nsi built by Debian's makensis (NSIS 3, a PE32
# program on the engine) installs with /S into the directory /D names — its files, an extra
# component's and the uninstaller, as the script's sections say (NSIS's documented silent install)
# — and its uninstaller, run with /S and _?= (in place), removes them all and the directory.
# Then, on an Xvfb of the test's own, the same installer through its pages with xdotool: the
# licence accepted (Alt+A), the components and the folder taken as they are (Enter, Enter: Install),
# Close when it has finished — each page awaited by the title NSIS gives the window — installs the
# same files where /D says. wine 8.0 (64-bit only here) cannot run a PE32 installer, so the
# reference is the script itself. Skips (77) without makensis, Xvfb or xdotool, unless CI=true:
# then it fails.
#   nsis_installer.sh POLYRUN
set -uo pipefail
polyrun=$1
here=$(cd "$(dirname "$0")" && pwd)
name=nsis_installer
# shellcheck source=own_xvfb.sh
source "$here/own_xvfb.sh"
need makensis
need Xvfb
need xdotool
start_own_xvfb
cp "$here/nsis/classic.nsi" "$work/"
echo "the payload" > "$work/payload.txt"
echo "the licence" > "$work/licence.txt"
(cd "$work" && makensis -V1 classic.nsi) || { echo "nsis_installer: makensis failed" >&2; exit 1; }
failed=0
fail() { echo "nsis_installer: $*" >&2; failed=1; }
target="Z:${work//\//\\}\\installed"
env -u DISPLAY "$polyrun" --headless "$work/classic.exe" /S "/D=$target" || fail "the installer: status $?"
for f in payload.txt extra/payload.txt uninstall.exe; do
  [ -f "$work/installed/$f" ] || fail "not installed: $f"
done
cmp -s "$work/payload.txt" "$work/installed/payload.txt" || fail "payload.txt installed with other bytes"
env -u DISPLAY "$polyrun" --headless "$work/installed/uninstall.exe" /S "_?=$target" || fail "the uninstaller: status $?"
[ -e "$work/installed" ] && fail "the uninstaller left: $(cd "$work/installed" && find . | tr '\n' ' ')"

# Through the pages: each key once its page's title shows.
page() {  # TITLE KEY
  local w=
  for _ in $(seq 300); do
    w=$(xdotool search --name "^polyrun test Setup: $1\$" 2>/dev/null | head -1)
    [ -n "$w" ] && break
    sleep 0.1
  done
  [ -n "$w" ] || { fail "no page \"$1\""; return 1; }
  eval "$(xdotool getwindowgeometry --shell "$w")"
  xdotool mousemove $((X + 10)) $((Y + HEIGHT - 10)); sleep 0.3
  xdotool key "$2"
}
paged="Z:${work//\//\\}\\paged"
timeout 60 "$polyrun" "$work/classic.exe" "/D=$paged" > "$work/out" 2>&1 &
installer=$!
page "License Agreement" alt+a && page "Installation Options" Return && page "Installation Folder" Return &&
  page "Completed" Return
wait "$installer" || fail "the installer through its pages: status $?: $(cat "$work/out")"
for f in payload.txt extra/payload.txt uninstall.exe; do
  [ -f "$work/paged/$f" ] || fail "not installed through the pages: $f"
done
[ "$failed" = 0 ] && echo "nsis_installer: installed with /S, uninstalled with /S, installed through its pages"
exit "$failed"
