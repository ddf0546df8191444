#!/usr/bin/env bash
# CTest entry: runs NAME-session.sh under polyrun and compares its transcript with
# expected/NAME-ISA.txt byte for byte.   check.sh NAME ISA POLYRUN [POLYRUN OPTIONS...]
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=$1 isa=$2 polyrun=$3
shift 3
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$here/$name-session.sh" "$isa" "$polyrun" "$@" > "$actual"
status=$?
[ "$status" = 0 ] || exit "$status"  # 77: the program could not be fetched (a skip)
if ! diff -u --text "$here/expected/$name-$isa.txt" "$actual"; then
  echo "check: the $name ($isa) transcript differs from expected/$name-$isa.txt" >&2
  exit 1
fi
echo "$name ($isa): transcript matches expected/$name-$isa.txt"
