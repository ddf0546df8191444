#!/usr/bin/env bash
# A real SIGINT reaches the console control handler of a Windows program that waits in Sleep:
# console_ctrl.exe wait prints "ready", the test sends SIGINT, the handler returns TRUE and the
# program ends normally.   ctrl_c.sh POLYRUN SAMPLE_EXE
set -uo pipefail
polyrun=$1 exe=$2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$polyrun" "$exe" wait > "$out" &
pid=$!
for _ in $(seq 100); do grep -q ready "$out" && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
status=$?
expected=$'ready\r\nhandler saw event 0\r\n'
if [ "$status" != 0 ] || [ "$(cat "$out")" != "$(printf '%s' "$expected")" ]; then
  echo "ctrl_c: status $status, output:" >&2
  od -c "$out" >&2
  exit 1
fi
echo "ctrl_c: the handler ran and the program went on (status 0)"
