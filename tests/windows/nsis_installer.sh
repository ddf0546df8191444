#!/usr/bin/env bash
# A real installer: tests/windows/nsis/classic.nsi built by Debian's makensis (NSIS 3, a PE32
# program on the engine) installs with /S into the directory /D names — its files, an extra
# component's and the uninstaller, as the script's sections say (NSIS's documented silent install)
# — and its uninstaller, run with /S and _?= (in place), removes them all but its own running file
# (and so the directory), which Windows keeps while it runs.
# wine 8.0 (64-bit only here) cannot run a PE32 installer, so the reference is the script itself.
# Skips (77) without makensis, unless CI=true: then it fails.
#   nsis_installer.sh POLYRUN
set -uo pipefail
polyrun=$1
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v makensis >/dev/null; then
  if [ "${CI:-}" = true ]; then echo "nsis_installer: makensis is missing (setup.sh --all installs nsis)" >&2; exit 1; fi
  echo "nsis_installer: no makensis: skipped" >&2
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
# Run in place, the uninstaller cannot delete its own file (Windows keeps a running image's file),
# so that file and the directory stay: NSIS's documented idiom (_?= with ExecWait) has the caller
# delete them afterwards, as here.
left=$(cd "$work/installed" 2>/dev/null && find . -mindepth 1 | sort | tr '\n' ' ')
[ "$left" = "./uninstall.exe " ] || fail "the uninstaller left: ${left:-nothing} (Windows leaves ./uninstall.exe alone)"
rm -f "$work/installed/uninstall.exe" && rmdir "$work/installed" || fail "the directory could not be removed after"
[ "$failed" = 0 ] && echo "nsis_installer: installed with /S and uninstalled with /S"
exit "$failed"
