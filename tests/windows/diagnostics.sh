#!/usr/bin/env bash
# What polyrun says of a Windows program's lookups (shims/core/tests/startup_apis.c): a function
# of a DLL polyrun serves that the program looks up and polyrun lacks is named once, at warn level,
# with where the program asked (the lookup itself fails with ERROR_PROC_NOT_FOUND, as the sample's
# own output shows); --strace names the modules and functions GetModuleHandle, LoadLibrary and
# GetProcAddress are asked for, by name and by ordinal.
#   diagnostics.sh POLYRUN SAMPLES_DIR (build/samples/win64 or win32) [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2/startup_apis.exe
shift 2
err=$(mktemp)
trap 'rm -f "$err"' EXIT
failed=0
expect() {  # WHAT PATTERN [COUNT]: COUNT lines of stderr (1 unless given) match PATTERN
  local n
  n=$(grep -Ec "$2" "$err")
  if [ "$n" != "${3:-1}" ]; then
    echo "diagnostics: $1: $n lines match $2, not ${3:-1}; stderr:" >&2
    head -40 "$err" >&2
    failed=1
  else
    echo "diagnostics: $1: ok"
  fi
}
"$polyrun" "$@" "$exe" > /dev/null 2> "$err" || { echo "diagnostics: startup_apis.exe failed" >&2; exit 1; }
expect "missing name warned" '^polyrun\[warning\]: KERNEL32\.dll has no NoSuchFunctionAnywhere \(looked up from 0x[0-9a-f]+\)$'
expect "missing ordinal warned" '^polyrun\[warning\]: KERNEL32\.dll has no #65000 \(looked up from 0x[0-9a-f]+\)$'
expect "nothing else said" '.' 2

"$polyrun" --strace "$@" "$exe" > /dev/null 2> "$err" || { echo "diagnostics: startup_apis.exe --strace failed" >&2; exit 1; }
expect "GetModuleHandleA's name" 'KERNEL32\.dll!GetModuleHandleA\("kernel32\.dll"\) = 0x[0-9a-f]+ \(from 0x'
expect "a module not loaded" 'KERNEL32\.dll!GetModuleHandleA\("no_such_module\.dll"\) = NULL'
expect "LoadLibraryA's name" 'KERNEL32\.dll!LoadLibraryA\("bcrypt\.dll"\) = 0x[0-9a-f]+'
expect "GetProcAddress by name" 'KERNEL32\.dll!GetProcAddress\(0x[0-9a-f]+ BCRYPT\.dll,"BCryptGetFipsAlgorithmMode"\) = 0x[0-9a-f]+'
expect "GetProcAddress of a missing name" 'KERNEL32\.dll!GetProcAddress\(0x[0-9a-f]+ KERNEL32\.dll,"NoSuchFunctionAnywhere"\) = NULL'
expect "GetProcAddress by ordinal" 'KERNEL32\.dll!GetProcAddress\(0x[0-9a-f]+ KERNEL32\.dll,#65000\) = NULL'
exit $failed
