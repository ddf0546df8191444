#!/usr/bin/env bash
# An access violation no handler takes ends a Windows program with the exception code as exit
# status (the shell sees its low byte, 5) and one line on stderr naming the exception, where it
# happened and what the access was.   unhandled.sh POLYRUN SAMPLE_EXE (hw_exceptions.exe)
set -uo pipefail
polyrun=$1 exe=$2
err=$(mktemp)
trap 'rm -f "$err"' EXIT
out=$("$polyrun" "$exe" none 2> "$err")
status=$?
pattern='^polyrun: unhandled exception 0xc0000005 at 0x[0-9a-f]+ \(access violation writing 0x8\)$'
if [ "$status" != 5 ] || [ "$out" != $'writing through a null pointer\r' ] || ! grep -Eq "$pattern" "$err" ||
   [ "$(wc -l < "$err")" != 1 ]; then
  echo "unhandled: status $status, stdout: $out, stderr:" >&2
  cat "$err" >&2
  exit 1
fi
echo "unhandled: status 5 and: $(cat "$err")"
