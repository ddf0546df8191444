#!/usr/bin/env bash
# A real installer through its pages, as a person clicks through it: tests/windows/nsis/KIND.nsi
# built by Debian's makensis (NSIS 3, a PE32 program on the engine) shows on an Xvfb of its own,
# and xdotool answers each page from the keyboard — the licence's "I Agree" (Alt+A), Enter for
# Next and Install, and Enter for Close or Finish once the install has run. Each page is waited
# for by the window's title (the classic pages name themselves; the Modern UI 2 script names its
# pages, see mui2.nsi), a page's key pressed again while the next does not come (up to a minute). Then the installer must have ended with status 0 and installed the
# files its sections name in the directory /D gave. wine 8.0 (64-bit only here) cannot run a
# PE32 installer, so the reference is the script itself, as for nsis_installer.sh.
# Skips (77) without makensis, Xvfb or xdotool, unless CI=true: then it fails.
#   nsis_pages.sh POLYRUN classic|mui2
set -uo pipefail
polyrun=$1 kind=$2
name=nsis_pages_$kind
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=own_xvfb.sh
source "$here/own_xvfb.sh"
need makensis
need Xvfb
need xdotool
start_own_xvfb
cp "$here/nsis/$kind.nsi" "$work/"
echo "the payload" > "$work/payload.txt"
echo "the licence" > "$work/licence.txt"
(cd "$work" && makensis -V1 "$kind.nsi") || { echo "$name: makensis failed" >&2; exit 1; }

case $kind in
  classic) pages=("polyrun test Setup: License Agreement" alt+a
                  "polyrun test Setup: Installation Options" Return
                  "polyrun test Setup: Installation Folder" Return
                  "polyrun test Setup: Completed" Return) ;;
  # (The install page has Modern UI's title, "NAME Setup ".)
  mui2) pages=("polyrun modern: welcome" Return
               "polyrun modern: licence" alt+a
               "polyrun modern: components" Return
               "polyrun modern: directory" Return
               "polyrun modern Setup " Return
               "polyrun modern: finish" Return) ;;
  *) echo "$name: no such installer: $kind" >&2; exit 2 ;;
esac

target="Z:${work//\//\\}\\installed"
"$polyrun" "$work/$kind.exe" "/D=$target" > "$work/output" 2>&1 &
installer=$!
failed=0
fail() { echo "$name: $*" >&2; failed=1; }
wait_title() {  # TITLE TENTHS: whether a window of that title shows within that time
  for _ in $(seq "$2"); do
    id=$(xdotool search --name "^$1\$" 2>/dev/null | head -1)
    [ -n "$id" ] && return 0
    kill -0 "$installer" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
# Each page's key is pressed again while the next page has not come within ten seconds (the
# install page's Next waits for the install to end).
for ((i = 0; i < ${#pages[@]}; i += 2)); do
  title=${pages[i]} key=${pages[i + 1]} next=${pages[i + 2]:-}
  if ! wait_title "$title" 600; then
    fail "no page titled \"$title\" (the windows: $(xdotool search --name . getwindowname %@ 2>/dev/null | tr '\n' ';'))"
    break
  fi
  # No window manager: the keyboard goes to the window under the pointer.
  xdotool mousemove --window "$id" 60 60 2>/dev/null
  sleep 0.5
  for _ in 1 2 3 4 5 6; do
    xdotool key "$key"
    [ -z "$next" ] || wait_title "$next" 100 && break
  done
done
status=
for _ in $(seq 300); do kill -0 "$installer" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$installer" 2>/dev/null; then
  kill "$installer"
  fail "the installer did not end after its last page"
else
  wait "$installer"
  status=$?
  [ "$status" = 0 ] || fail "the installer ended with status $status"
fi
for f in payload.txt extra/payload.txt uninstall.exe; do
  [ -f "$work/installed/$f" ] || fail "not installed: $f"
done
cmp -s "$work/payload.txt" "$work/installed/payload.txt" 2>/dev/null || fail "payload.txt not installed as it is"
if [ "$failed" != 0 ]; then
  echo "$name: what polyrun printed:" >&2
  cat "$work/output" >&2
  exit 1
fi
echo "$name: installed through its $((${#pages[@]} / 2)) pages"
