#!/usr/bin/env bash
# An exception no handler takes ends a Windows program with the exception code as exit status (the
# shell sees its low byte) and one line on stderr naming the exception, where it happened and, for
# an access violation, what the access was: a write through a null pointer with no handler
# (hw_exceptions "none"), a return through a wrecked stack pointer ("stack"), where no handler can
# run, not even the unhandled-exception filter the program set, and DebugBreak with no debugger and
# no handler (debug_break "unhandled": EXCEPTION_BREAKPOINT, 0x80000003; its status and stdout as
# wine 8.0 gives them, whose debugger then writes its own report).
#   unhandled.sh POLYRUN SAMPLES_DIR (build/samples/win64 or win32) [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 dir=$2
shift 2
err=$(mktemp)
trap 'rm -f "$err"' EXIT
failed=0
check() {  # SAMPLE ARGUMENT STATUS EXPECTED_STDOUT STDERR_PATTERN
  local out status
  out=$("$polyrun" "${opts[@]}" "$dir/$1" "$2" 2> "$err")
  status=$?
  if [ "$status" != "$3" ] || [ "$out" != "$4" ] || ! grep -Eq "$5" "$err" || [ "$(wc -l < "$err")" != 1 ]; then
    echo "unhandled $1 $2: status $status, stdout: $out, stderr:" >&2
    cat "$err" >&2
    failed=1
    return
  fi
  echo "unhandled $1 $2: status $status and: $(cat "$err")"
}
opts=("$@")
check hw_exceptions.exe none 5 $'writing through a null pointer\r' \
  '^polyrun: unhandled exception 0xc0000005 at 0x[0-9a-f]+ \(access violation writing 0x8\)$'
check hw_exceptions.exe stack 5 $'returning through a wrecked stack pointer\r' \
  '^polyrun: unhandled exception 0xc0000005 at 0x[0-9a-f]+ \(access violation reading 0x7000\)$'
check debug_break.exe unhandled 3 $'found: DebugBreak 1, DbgBreakPoint 1\r\nDebugBreak without a handler\r' \
  '^polyrun: unhandled exception 0x80000003 at 0x[0-9a-f]+$'
exit $failed
