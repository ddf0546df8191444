#!/usr/bin/env bash
# A program whose DLL cannot be loaded does not start, as on Windows: one line on stderr naming the
# DLL, nothing on stdout, and Windows' status as the exit status (the shell sees its low byte):
# dll_missing.exe imports modgone.dll, which is not beside it (STATUS_DLL_NOT_FOUND, 0xc0000135),
# and dll_initfail.exe imports modfail.dll, whose DllMain returns FALSE (STATUS_DLL_INIT_FAILED,
# 0xc0000142; the DLL's own lines come first: its DllMain is called to attach and then to detach).
#   dll_startup.sh POLYRUN SAMPLES_DIR [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 dir=$2
shift 2
opts=("$@")
err=$(mktemp)
trap 'rm -f "$err"' EXIT
failed=0
check() {  # PROGRAM STATUS EXPECTED_STDOUT STDERR_LINE
  local out status
  out=$(cd / && "$polyrun" "${opts[@]}" "$dir/$1" 2> "$err")
  status=$?
  if [ "$status" != "$2" ] || [ "$out" != "$3" ] || [ "$(cat "$err")" != "$4" ]; then
    echo "$1: status $status (expected $2), stdout: $out, stderr:" >&2
    cat "$err" >&2
    failed=1
    return
  fi
  echo "$1: status $status and: $(cat "$err")"
}
check dll_missing.exe 53 "" \
  "polyrun: dll_missing.exe cannot start: modgone.dll was not found beside the program, in the current directory or on PATH"
check dll_initfail.exe 66 $'modfail: DllMain reason 1, refusing\r\nmodfail: DllMain reason 0\r' \
  "polyrun: dll_initfail.exe cannot start: the initialization of modfail.dll failed (its DllMain returned FALSE)"
exit $failed
