#!/usr/bin/env bash
# CTest entry: runs the 7za session (7za-session.sh) under polyrun and compares its transcript
# with expected/7za-ISA.txt byte for byte.   check-7za.sh ISA POLYRUN
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$here/7za-session.sh" "$1" "$2" > "$actual"
status=$?
[ "$status" = 0 ] || exit "$status"  # 77: 7za.exe could not be fetched (a skip)
if ! diff -u --text "$here/expected/7za-$1.txt" "$actual"; then
  echo "check-7za: the $1 transcript differs from expected/7za-$1.txt" >&2
  exit 1
fi
echo "7za ($1): transcript matches expected/7za-$1.txt"
