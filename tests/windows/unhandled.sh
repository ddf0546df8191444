#!/usr/bin/env bash
# An access violation no handler takes ends a Windows program with the exception code as exit
# status (the shell sees its low byte, 5) and one line on stderr naming the exception, where it
# happened and what the access was: a write through a null pointer with no handler ("none"), and a
# return through a wrecked stack pointer ("stack"), where no handler can run, not even the
# unhandled-exception filter the program set.
#   unhandled.sh POLYRUN SAMPLE_EXE (hw_exceptions.exe) [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2
shift 2
err=$(mktemp)
trap 'rm -f "$err"' EXIT
failed=0
check() {  # ARGUMENT EXPECTED_STDOUT STDERR_PATTERN
  local out status
  out=$("$polyrun" "${opts[@]}" "$exe" "$1" 2> "$err")
  status=$?
  if [ "$status" != 5 ] || [ "$out" != "$2"$'\r' ] || ! grep -Eq "$3" "$err" || [ "$(wc -l < "$err")" != 1 ]; then
    echo "unhandled $1: status $status, stdout: $out, stderr:" >&2
    cat "$err" >&2
    failed=1
    return
  fi
  echo "unhandled $1: status 5 and: $(cat "$err")"
}
opts=("$@")
check none 'writing through a null pointer' \
  '^polyrun: unhandled exception 0xc0000005 at 0x[0-9a-f]+ \(access violation writing 0x8\)$'
check stack 'returning through a wrecked stack pointer' \
  '^polyrun: unhandled exception 0xc0000005 at 0x[0-9a-f]+ \(access violation reading 0x7000\)$'
exit $failed
