#!/usr/bin/env bash
# CTest entry: assembles (or reuses) the arm64 guest root, runs session.sh under polyrun and under
# qemu-aarch64 with the same root, and compares the transcripts byte for byte.
#   check.sh POLYRUN
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
polyrun=$1
root=${POLYRUN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/polyrun}/arm64-root
command -v qemu-aarch64 >/dev/null || { echo "check: qemu-aarch64 is not installed (setup.sh installs it)" >&2; exit 77; }
"$here/make-root.sh" "$root" busybox-static lua5.4 || exit $?
mine=$(mktemp) theirs=$(mktemp)
trap 'rm -f "$mine" "$theirs"' EXIT
"$here/session.sh" "$root" "$polyrun" -L "$root" > "$mine"
"$here/session.sh" "$root" qemu-aarch64 -L "$root" > "$theirs"
if ! diff -u --text "$theirs" "$mine"; then
  echo "check: polyrun's transcript (+) differs from qemu-aarch64's (-)" >&2
  exit 1
fi
echo "busybox and lua5.4 (Debian arm64): $(grep -c '^\[exit' "$mine") commands, same transcript as qemu-aarch64"
