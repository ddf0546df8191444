#!/usr/bin/env bash
# A real SIGINT reaches the console control handler of a Windows program: kernel32_console_ctrl.exe
# prints "ready", the test sends SIGINT, the handler returns TRUE and the program ends normally.
# Three ways: waiting in Sleep ("wait"), computing in a loop that calls nothing ("compute"), and
# computing with the C runtime's signal(SIGINT) handler instead ("signal").
#   ctrl_c.sh POLYRUN SAMPLE_EXE [POLYRUN OPTIONS...]
set -uo pipefail
polyrun=$1 exe=$2
shift 2
options=("$@")
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=0
check() {  # MODE EXPECTED_OUTPUT
  : > "$out"
  timeout 20 "$polyrun" "${options[@]}" "$exe" "$1" > "$out" &
  local pid=$!
  for _ in $(seq 100); do grep -q ready "$out" && break; sleep 0.1; done
  sleep 0.2  # (compute, signal: well into the loop)
  pkill -INT -P "$pid" 2>/dev/null || kill -INT "$pid"
  wait "$pid"
  local status=$?
  if [ "$status" != 0 ] || [ "$(cat "$out")" != "$(printf '%s' "$2")" ]; then
    echo "ctrl_c $1: status $status, output:" >&2
    od -c "$out" >&2
    failed=1
  else
    echo "ctrl_c $1: the handler ran and the program went on (status 0)"
  fi
}
check wait $'ready\r\nhandler saw event 0\r\n'
check compute $'ready\r\nhandler saw event 0 while computing\r\n'
check signal $'ready\r\nSIGINT handler ran (2) while computing\r\n'
exit $failed
